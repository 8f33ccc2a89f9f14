/**
 * What each applicant is told after a round, in their language: the place they got with the date
 * to answer by and the preparatory course they are invited to, or why they got none.
 */
import { config } from "../config";
import * as Mail from "../mail";
import * as People from "../people";
import { type Locale, localeOf, pick } from "../text";
import type { Offer } from "./offers";
import { explainReasons } from "./round";
import type { Placement, RoundSummary } from "./rounds";

const WORDS: Record<
  Locale,
  {
    placed: (offer: string) => string;
    none: string;
    answer: (day: string, link: string) => string;
    course: (link: string) => string;
    read: (link: string) => string;
  }
> = {
  en: {
    placed: (o) => `Exchange programme: you have a place in ${o}`,
    none: "Exchange programme: the outcome of the matching round",
    answer: (d, l) => `Please accept or decline your place by ${d}: ${l}`,
    course: (l) => `You are invited to the offer's preparatory course: ${l}`,
    read: (l) => `Your application and the round's explanation: ${l}`,
  },
  es: {
    placed: (o) => `Programa de intercambio: tiene una plaza en ${o}`,
    none: "Programa de intercambio: el resultado de la ronda de asignación",
    answer: (d, l) => `Acepte o rechace su plaza hasta el ${d}: ${l}`,
    course: (l) => `Le invitamos al curso preparatorio de la oferta: ${l}`,
    read: (l) => `Su postulación y la explicación de la ronda: ${l}`,
  },
  fr: {
    placed: (o) => `Programme d'échange : vous avez une place dans ${o}`,
    none: "Programme d'échange : le résultat du tour d'attribution",
    answer: (d, l) => `Veuillez accepter ou refuser votre place d'ici le ${d} : ${l}`,
    course: (l) => `Vous êtes invité au cours préparatoire de l'offre : ${l}`,
    read: (l) => `Votre candidature et l'explication du tour : ${l}`,
  },
};

/** Sends every applicant of a round their result; `onSent` hears the count as it grows. */
export async function sendRoundMails(
  _round: RoundSummary,
  placements: Placement[],
  offers: Offer[],
  onSent: (n: number) => Promise<void>,
): Promise<void> {
  const byId = new Map(offers.map((o) => [o.id, o]));
  const label = (id: string, locale: Locale) => {
    const o = byId.get(id);
    return o ? pick(o.title, locale) : id;
  };
  const people = await People.getMany(placements.map((p) => p.personId));
  let sent = 0;
  const queue = [...placements];
  // A few at a time: the outbox is one write per message.
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const person = people.get(p.personId);
      if (person) {
        const locale = localeOf(person.languages);
        const w = WORDS[locale];
        const link = `${config().appUrl}/${locale}/exchange/application`;
        const course = p.offerId ? byId.get(p.offerId)?.preparatoryCourseId : undefined;
        const lines = [
          explainReasons(p.offerId, p.reasons, label)[locale],
          "",
          p.offerId ? w.answer(p.respondBy, link) : w.read(link),
          ...(course ? [w.course(`${config().appUrl}/${locale}/courses/${course}`)] : []),
        ];
        await Mail.send({
          to: person.email,
          subject: p.offerId ? w.placed(label(p.offerId, locale)) : w.none,
          text: lines.join("\n"),
          link,
        });
      }
      if (++sent % 100 === 0 || sent === placements.length) await onSent(sent);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
