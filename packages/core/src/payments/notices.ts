/** What the payer is told: a receipt when a payment lands, a notice when money goes back. In their language. */
import { config } from "../config";
import * as Mail from "../mail";
import { formatMoney } from "../money";
import type { Locale } from "../text";
import type { PaymentRecord } from "./record";

const noSeat: Record<Locale, { subject: string; body: (m: string, page: string) => string }> = {
  en: {
    subject: "Your payment arrived after your seat was released",
    body: (m, page) =>
      `Your payment of ${m} reached us after the 30 minutes we held your seat, and the last seat had meanwhile gone to someone else. We have refunded the full ${m}. You can join the waitlist from its page: ${page}`,
  },
  es: {
    subject: "Tu pago llegó después de liberarse tu cupo",
    body: (m, page) =>
      `Tu pago de ${m} nos llegó después de los 30 minutos de reserva, y el último cupo ya había sido tomado. Te reembolsamos los ${m} completos. Puedes anotarte en la lista de espera desde su página: ${page}`,
  },
  fr: {
    subject: "Votre paiement est arrivé après la libération de votre place",
    body: (m, page) =>
      `Votre paiement de ${m} nous est parvenu après les 30 minutes de réservation, et la dernière place avait entre-temps été prise. Nous avons remboursé la totalité (${m}). Vous pouvez vous inscrire sur la liste d'attente depuis sa page : ${page}`,
  },
};

/** `page` is the offering's web path (its descriptor's `links().page`), where the waitlist is joined. */
export async function notifyNoSeat(p: PaymentRecord, page: string) {
  const t = noSeat[p.locale];
  const link = `${config().appUrl}/${p.locale}/${page}`;
  await Mail.send({
    to: p.email,
    subject: t.subject,
    text: t.body(formatMoney(p.amount, p.currency, p.locale), link),
    link,
  });
}

const text: Record<
  Locale,
  {
    paid: (m: string) => string;
    paidBody: (m: string, link: string) => string;
    refunded: (m: string) => string;
    refundedBody: (m: string) => string;
  }
> = {
  en: {
    paid: (m) => `Receipt: ${m} received`,
    paidBody: (m, link) =>
      `Thank you. We received your payment of ${m}; your place is confirmed.\n\nYour receipt (PDF): ${link}`,
    refunded: (m) => `Refund of ${m}`,
    refundedBody: (m) =>
      `We refunded ${m} to the card you paid with. It can take 5 to 10 days to appear on your statement.`,
  },
  es: {
    paid: (m) => `Recibo: recibimos ${m}`,
    paidBody: (m, link) => `Gracias. Recibimos tu pago de ${m}; tu cupo está confirmado.\n\nTu recibo (PDF): ${link}`,
    refunded: (m) => `Reembolso de ${m}`,
    refundedBody: (m) =>
      `Te reembolsamos ${m} a la tarjeta con la que pagaste. Puede tardar de 5 a 10 días en verse en tu estado de cuenta.`,
  },
  fr: {
    paid: (m) => `Reçu : ${m} reçus`,
    paidBody: (m, link) =>
      `Merci. Nous avons reçu votre paiement de ${m}; votre place est confirmée.\n\nVotre reçu (PDF) : ${link}`,
    refunded: (m) => `Remboursement de ${m}`,
    refundedBody: (m) =>
      `Nous avons remboursé ${m} sur la carte utilisée. Cela peut prendre de 5 à 10 jours avant d'apparaître sur votre relevé.`,
  },
};

export const receiptUrl = (enrolmentId: string) =>
  `${config().appUrl}/api/enrolments/${encodeURIComponent(enrolmentId)}/receipt.pdf`;

export async function notifyPaid(p: PaymentRecord) {
  const t = text[p.locale];
  const m = formatMoney(p.amount, p.currency, p.locale);
  await Mail.send({
    to: p.email,
    subject: t.paid(m),
    text: t.paidBody(m, receiptUrl(p.enrolmentId)),
    link: receiptUrl(p.enrolmentId),
  });
}

export async function notifyRefunded(p: PaymentRecord, amount: number) {
  const t = text[p.locale];
  const m = formatMoney(amount, p.currency, p.locale);
  await Mail.send({ to: p.email, subject: t.refunded(m), text: t.refundedBody(m) });
}
