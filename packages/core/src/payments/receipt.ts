/** A PDF receipt for a payment, in the payer's language, for their records or their employer's. */
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import type { Locale } from "../text";
import { formatMoney } from "../money";
import type { PaymentRecord } from "./record";

const words: Record<
  Locale,
  { title: string; paid: string; date: string; ref: string; refunded: string; item: string; fee: string }
> = {
  en: {
    title: "Receipt",
    paid: "Amount paid",
    date: "Date",
    ref: "Reference",
    refunded: "Refunded",
    item: "For",
    fee: "Programme fee, shared among the institution, the operator and the solidarity fund",
  },
  es: {
    title: "Recibo",
    paid: "Monto pagado",
    date: "Fecha",
    ref: "Referencia",
    refunded: "Reembolsado",
    item: "Por",
    fee: "Cuota del programa, compartida entre la institución, el operador y el fondo solidario",
  },
  fr: {
    title: "Reçu",
    paid: "Montant payé",
    date: "Date",
    ref: "Référence",
    refunded: "Remboursé",
    item: "Pour",
    fee: "Frais du programme, partagés entre l'établissement, l'opérateur et le fonds de solidarité",
  },
};

const winAnsi = (s: string) =>
  s.replace(/[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2019\u20ac]/g, "?").replace(/\u202f/g, " ");

export async function receiptPdf(p: PaymentRecord, itemTitle: string): Promise<Uint8Array> {
  const w = words[p.locale];
  const doc = await PDFDocument.create();
  doc.setTitle(`${w.title} ${p.paymentIntentId}`);
  doc.setLanguage(p.locale);
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.12, 0.2, 0.3);
  let y = 770;
  const line = (label: string, value: string, size = 12) => {
    page.drawText(winAnsi(label), { x: 60, y, size, font: bold, color: ink });
    page.drawText(winAnsi(value), { x: 220, y, size, font, color: ink, maxWidth: 320 });
    y -= size * 2.2;
  };
  page.drawText("RUTAS", { x: 60, y, size: 14, font: bold, color: ink });
  y -= 40;
  page.drawText(winAnsi(w.title), { x: 60, y, size: 26, font: bold, color: ink });
  y -= 50;
  line(w.item, itemTitle);
  line(w.paid, formatMoney(p.amount, p.currency, p.locale).replace(/\u00a0|\u202f/g, " "));
  if (p.refunded > 0) line(w.refunded, formatMoney(p.refunded, p.currency, p.locale).replace(/\u00a0|\u202f/g, " "));
  line(w.date, p.createdAt.slice(0, 10));
  line(w.ref, p.paymentIntentId);
  line("E-mail", p.email);
  y -= 10;
  page.drawText(winAnsi(w.fee), { x: 60, y, size: 10, font, color: ink, maxWidth: 475 });
  return doc.save();
}
