// The hosted pages' HTML (checkout, Connect onboarding) in EN/ES/FR: plain forms that work without JavaScript, labelled fields, errors announced, nothing loaded from elsewhere.
import type Stripe from "stripe";
import { formatMoney } from "./money";
import type { LineItem } from "./state";

export type Lang = "en" | "es" | "fr";

const TEXT = {
  en: {
    testMode: "Test mode — local Stripe-compatible server",
    pay: "Pay",
    total: "Total",
    email: "E-mail",
    card: "Card number",
    cardHint: "Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.",
    back: "Back",
    declined: "Your card was declined.",
    invalid: "Your card number is invalid.",
    expired: "This checkout session has expired.",
    complete: "This checkout session is already paid.",
    paid: "Payment complete. You can close this page.",
    continue: "Continue",
    notFound: "No such checkout session.",
    onboarding: "Connect onboarding",
    onboardingIntro:
      "This test page stands in for Stripe's onboarding form. Finishing it enables charges, payouts and the requested capabilities on",
    finish: "Finish onboarding",
    onboarded: "Onboarding complete. You can close this page.",
    linkExpired: "This onboarding link has expired or was already used.",
  },
  es: {
    testMode: "Modo de prueba — servidor local compatible con Stripe",
    pay: "Pagar",
    total: "Total",
    email: "Correo electrónico",
    card: "Número de tarjeta",
    cardHint: "Tarjetas de prueba: 4242 4242 4242 4242 paga; 4000 0000 0000 0002 es rechazada.",
    back: "Volver",
    declined: "Tu tarjeta fue rechazada.",
    invalid: "El número de tarjeta no es válido.",
    expired: "Esta sesión de pago ha caducado.",
    complete: "Esta sesión de pago ya está pagada.",
    paid: "Pago completado. Puedes cerrar esta página.",
    continue: "Continuar",
    notFound: "No existe esta sesión de pago.",
    onboarding: "Registro en Connect",
    onboardingIntro:
      "Esta página de prueba reemplaza el formulario de registro de Stripe. Al terminar se activan cobros, pagos y las capacidades solicitadas en",
    finish: "Terminar el registro",
    onboarded: "Registro completado. Puedes cerrar esta página.",
    linkExpired: "Este enlace de registro caducó o ya fue usado.",
  },
  fr: {
    testMode: "Mode test — serveur local compatible avec Stripe",
    pay: "Payer",
    total: "Total",
    email: "Courriel",
    card: "Numéro de carte",
    cardHint: "Cartes de test : 4242 4242 4242 4242 paie ; 4000 0000 0000 0002 est refusée.",
    back: "Retour",
    declined: "Votre carte a été refusée.",
    invalid: "Le numéro de carte n’est pas valide.",
    expired: "Cette session de paiement a expiré.",
    complete: "Cette session de paiement est déjà payée.",
    paid: "Paiement effectué. Vous pouvez fermer cette page.",
    continue: "Continuer",
    notFound: "Cette session de paiement n’existe pas.",
    onboarding: "Inscription Connect",
    onboardingIntro:
      "Cette page de test remplace le formulaire d’inscription de Stripe. La terminer active les paiements, les virements et les capacités demandées sur",
    finish: "Terminer l’inscription",
    onboarded: "Inscription terminée. Vous pouvez fermer cette page.",
    linkExpired: "Ce lien d’inscription a expiré ou a déjà été utilisé.",
  },
} satisfies Record<Lang, Record<string, string>>;

export type Message = keyof (typeof TEXT)["en"];
export const text = (lang: Lang, key: Message): string => TEXT[lang][key];

/** The session's locale if set (es-419 → es, fr-CA → fr), else the browser's Accept-Language, else English. */
export function langFor(locale: string | null | undefined, acceptLanguage: string | undefined): Lang {
  const candidates =
    locale && locale !== "auto" ? [locale] : (acceptLanguage ?? "").split(",").map((s) => s.split(";")[0].trim());
  for (const c of candidates) {
    const base = c.slice(0, 2).toLowerCase();
    if (base === "en" || base === "es" || base === "fr") return base;
  }
  return "en";
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9}
main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem}
.badge{display:inline-block;margin:0 0 1rem;padding:.15rem .5rem;border-radius:.25rem;background:#fff3cd;color:#664d03;font-size:.85rem}
h1{font-size:1.5rem;margin:0 0 1rem}
ul{list-style:none;margin:0 0 1rem;padding:0;border-top:1px solid #d0d4da}
li{display:flex;justify-content:space-between;gap:1rem;padding:.5rem 0;border-bottom:1px solid #d0d4da}
.total{font-weight:600}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.7rem;font-size:1.1rem;border:2px solid #6b7280;border-radius:.375rem;background:#fff}
input:focus,button:focus,a:focus{outline:3px solid #1d4ed8;outline-offset:2px}
input[aria-invalid=true]{border-color:#b91c1c}
.hint{margin:.25rem 0 0;color:#4b5563;font-size:.9rem}
.error{margin:1rem 0 0;padding:.6rem .75rem;border-left:4px solid #b91c1c;background:#fde8e8;color:#7f1d1d}
.status{padding:1rem;background:#fff;border:1px solid #d0d4da;border-radius:.375rem}
button{margin-top:1.25rem;width:100%;padding:.8rem;font-size:1.1rem;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:.375rem;cursor:pointer}
a{color:#1d4ed8}
`;

function layout(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="badge">${escapeHtml(text(lang, "testMode"))}</p>
${body}
</main>
</body>
</html>`;
}

export function checkoutPage(
  session: Stripe.Checkout.Session,
  lines: LineItem[],
  lang: Lang,
  opts: { error?: "declined" | "invalid"; card?: string } = {},
): string {
  const currency = session.currency ?? "usd";
  const money = (n: number) => formatMoney(n, currency, lang);
  const total = money(session.amount_total ?? 0);
  const heading = `${text(lang, "pay")} ${total}`;

  if (session.status !== "open") {
    const message = session.status === "complete" ? text(lang, "complete") : text(lang, "expired");
    const next = session.status === "complete" ? session.success_url : session.cancel_url;
    const link = next
      ? `<p><a href="${escapeHtml(next.replace(/\{CHECKOUT_SESSION_ID\}/g, session.id))}">${escapeHtml(text(lang, "continue"))}</a></p>`
      : "";
    return layout(
      lang,
      message,
      `<h1>${escapeHtml(message)}</h1>\n<p class="status" role="status">${escapeHtml(message)}</p>\n${link}`,
    );
  }

  const items = lines
    .map(
      (li) =>
        `<li><span>${escapeHtml(li.name)}${li.quantity > 1 ? ` × ${li.quantity}` : ""}</span><span>${escapeHtml(money(li.unitAmount * li.quantity))}</span></li>`,
    )
    .join("\n");
  const error = opts.error
    ? `<p class="error" id="card-error" role="alert">${escapeHtml(text(lang, opts.error))}</p>`
    : "";
  const describedBy = opts.error ? "card-hint card-error" : "card-hint";
  const emailField = session.customer_email
    ? `<p>${escapeHtml(text(lang, "email"))}: ${escapeHtml(session.customer_email)}</p>`
    : `<label for="email">${escapeHtml(text(lang, "email"))}</label>\n<input id="email" name="email" type="email" autocomplete="email">`;
  const back = session.cancel_url
    ? `<p><a href="${escapeHtml(session.cancel_url)}">${escapeHtml(text(lang, "back"))}</a></p>`
    : "";
  return layout(
    lang,
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<ul>
${items}
<li class="total"><span>${escapeHtml(text(lang, "total"))}</span><span>${escapeHtml(total)}</span></li>
</ul>
<form method="post" novalidate>
${emailField}
<label for="card">${escapeHtml(text(lang, "card"))}</label>
<input id="card" name="card" inputmode="numeric" autocomplete="cc-number" required aria-describedby="${describedBy}"${opts.error ? ' aria-invalid="true"' : ""} value="${escapeHtml(opts.card ?? "")}">
<p class="hint" id="card-hint">${escapeHtml(text(lang, "cardHint"))}</p>
${error}
<button type="submit">${escapeHtml(heading)}</button>
</form>
${back}`,
  );
}

export function messagePage(lang: Lang, key: Message, link?: { href: string; label: Message }): string {
  const message = text(lang, key);
  const a = link ? `\n<p><a href="${escapeHtml(link.href)}">${escapeHtml(text(lang, link.label))}</a></p>` : "";
  return layout(lang, message, `<h1>${escapeHtml(message)}</h1>${a}`);
}

export function onboardingPage(account: Stripe.Account, lang: Lang): string {
  const who = account.email ? `${account.id} (${account.email})` : account.id;
  const title = text(lang, "onboarding");
  return layout(
    lang,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text(lang, "onboardingIntro"))} <strong>${escapeHtml(who)}</strong>.</p>
<form method="post">
<button type="submit">${escapeHtml(text(lang, "finish"))}</button>
</form>`,
  );
}
