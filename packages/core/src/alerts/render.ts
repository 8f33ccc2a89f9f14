/**
 * A digest as an e-mail in the reader's language (EN/ES/FR): plain text, and a light HTML part
 * (no images, no CSS beyond a few inline-free tags) for clients that prefer it. Both carry the
 * one-click unsubscribe link; the headers carry it for the mail client's own button (RFC 8058).
 */
import { config } from "../config";
import type { Mail } from "../mail";
import { type Locale, pick } from "../text";
import { KINDS, type DigestItem, type DigestKind } from "./sources";

/** A digest shows at most this many items; the rest are a link away. */
export const MAX_ITEMS = 40;

type Words = {
  subject: (n: number) => string;
  intro: (frequency: "daily" | "weekly") => string;
  sections: Record<DigestKind, string>;
  starts: string;
  deadline: string;
  more: (n: number) => string;
  why: string;
  change: string;
  unsubscribe: string;
};

const WORDS: Record<Locale, Words> = {
  en: {
    subject: (n) => `Rutas: ${n} new ${n === 1 ? "item" : "items"} in your topics`,
    intro: (f) =>
      `What is new on Rutas ${f === "daily" ? "since yesterday" : "this week"} in your topics and countries:`,
    sections: {
      cohort: "New course cohorts",
      course: "New courses",
      route: "New Learning Routes",
      exchange_offer: "New exchange offers",
      exchange_deadline: "Exchange applications closing soon",
      announcement: "Announcements",
    },
    starts: "starts",
    deadline: "deadline",
    more: (n) => `…and ${n} more on the site.`,
    why: "You receive this because you subscribed to Rutas alerts.",
    change: "Change your alerts",
    unsubscribe: "Unsubscribe (one click, no sign-in)",
  },
  es: {
    subject: (n) => `Rutas: ${n} ${n === 1 ? "novedad" : "novedades"} en tus temas`,
    intro: (f) => `Lo nuevo en Rutas ${f === "daily" ? "desde ayer" : "esta semana"} en tus temas y países:`,
    sections: {
      cohort: "Nuevas ediciones de cursos",
      course: "Cursos nuevos",
      route: "Nuevas Rutas de Aprendizaje",
      exchange_offer: "Nuevas ofertas de intercambio",
      exchange_deadline: "Postulaciones de intercambio que cierran pronto",
      announcement: "Anuncios",
    },
    starts: "empieza",
    deadline: "fecha límite",
    more: (n) => `…y ${n} más en el sitio.`,
    why: "Recibes este correo porque te suscribiste a las alertas de Rutas.",
    change: "Cambiar tus alertas",
    unsubscribe: "Darte de baja (un clic, sin iniciar sesión)",
  },
  fr: {
    subject: (n) => `Rutas : ${n} ${n === 1 ? "nouveauté" : "nouveautés"} dans vos thèmes`,
    intro: (f) =>
      `Les nouveautés de Rutas ${f === "daily" ? "depuis hier" : "cette semaine"} dans vos thèmes et pays :`,
    sections: {
      cohort: "Nouvelles sessions de cours",
      course: "Nouveaux cours",
      route: "Nouvelles routes d'apprentissage",
      exchange_offer: "Nouvelles offres d'échange",
      exchange_deadline: "Candidatures d'échange qui ferment bientôt",
      announcement: "Annonces",
    },
    starts: "début",
    deadline: "date limite",
    more: (n) => `…et ${n} de plus sur le site.`,
    why: "Vous recevez ce courriel parce que vous êtes abonné·e aux alertes de Rutas.",
    change: "Modifier vos alertes",
    unsubscribe: "Se désabonner (un clic, sans connexion)",
  },
};

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function details(item: DigestItem, w: Words): string {
  const parts: string[] = [];
  if (item.startDate) parts.push(`${w.starts} ${item.startDate}`);
  if (item.deadline) parts.push(`${w.deadline} ${item.deadline}`);
  return parts.join(", ");
}

export function renderDigest(input: {
  to: string;
  locale: Locale;
  frequency: "daily" | "weekly";
  items: DigestItem[];
  unsubscribeUrl: string;
}): Mail {
  const { locale, items } = input;
  const w = WORDS[locale];
  const site = `${config().appUrl}/${locale}`;
  const shown = items.slice(0, MAX_ITEMS);
  const text: string[] = [w.intro(input.frequency), ""];
  const html: string[] = [`<p>${escape(w.intro(input.frequency))}</p>`];
  for (const kind of KINDS) {
    const inKind = shown.filter((i) => i.kind === kind);
    if (!inKind.length) continue;
    text.push(w.sections[kind], "");
    html.push(`<h2>${escape(w.sections[kind])}</h2>`, "<ul>");
    for (const item of inKind) {
      const title = pick(item.title, locale, item.language);
      const url = `${site}/${item.path}`;
      const more = details(item, w);
      text.push(`- ${title}${more ? ` (${more})` : ""}`, `  ${url}`);
      html.push(`<li><a href="${escape(url)}">${escape(title)}</a>${more ? ` — ${escape(more)}` : ""}</li>`);
    }
    text.push("");
    html.push("</ul>");
  }
  if (items.length > shown.length) {
    text.push(w.more(items.length - shown.length), site, "");
    html.push(`<p><a href="${escape(site)}">${escape(w.more(items.length - shown.length))}</a></p>`);
  }
  const prefs = `${site}/profile`;
  text.push("--", w.why, `${w.change}: ${prefs}`, `${w.unsubscribe}: ${input.unsubscribeUrl}`);
  html.push(
    `<hr><p><small>${escape(w.why)} <a href="${escape(prefs)}">${escape(w.change)}</a> · ` +
      `<a href="${escape(input.unsubscribeUrl)}">${escape(w.unsubscribe)}</a></small></p>`,
  );
  return {
    to: input.to,
    subject: w.subject(items.length),
    text: text.join("\n"),
    html: `<!doctype html><html lang="${locale}"><meta charset="utf-8"><body>${html.join("\n")}</body></html>`,
    link: input.unsubscribeUrl,
    headers: {
      "List-Unsubscribe": `<${input.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

/** The small pages GET/POST /api/unsubscribe answer with (the API serves them: no web page needed). */
export function unsubscribePage(locale: Locale, state: "confirm" | "done", action?: string): string {
  const t = {
    en: {
      title: "Rutas alerts",
      confirm: "Stop receiving Rutas alert e-mails?",
      button: "Unsubscribe",
      done: "You are unsubscribed: no more alert e-mails. You can subscribe again from your profile.",
    },
    es: {
      title: "Alertas de Rutas",
      confirm: "¿Dejar de recibir los correos de alertas de Rutas?",
      button: "Darme de baja",
      done: "Te diste de baja: no recibirás más correos de alertas. Puedes volver a suscribirte desde tu perfil.",
    },
    fr: {
      title: "Alertes Rutas",
      confirm: "Ne plus recevoir les courriels d'alertes de Rutas ?",
      button: "Me désabonner",
      done: "Vous êtes désabonné·e : plus de courriels d'alertes. Vous pouvez vous réabonner depuis votre profil.",
    },
  }[locale];
  const body =
    state === "confirm"
      ? `<p>${escape(t.confirm)}</p><form method="post" action="${escape(action ?? "")}"><button type="submit">${escape(t.button)}</button></form>`
      : `<p>${escape(t.done)}</p>`;
  return `<!doctype html><html lang="${locale}"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(t.title)}</title><body><h1>${escape(t.title)}</h1>${body}</body></html>`;
}
