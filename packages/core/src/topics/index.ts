/**
 * The programme's five topics. Their ids are part of the public contract (API.md)
 * and never change; names may be improved.
 */
export type Localized = { en: string; es: string; fr: string };
export type Topic = { id: TopicId; name: Localized };

export const TOPIC_IDS = [
  "urban-environment",
  "community-natural-resources",
  "social-participation",
  "local-production-and-trade",
  "local-public-administration",
] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

export const topics: readonly Topic[] = [
  {
    id: "urban-environment",
    name: { en: "Urban environment", es: "Medio ambiente urbano", fr: "Environnement urbain" },
  },
  {
    id: "community-natural-resources",
    name: {
      en: "Community natural-resource management",
      es: "Gestión comunitaria de recursos naturales",
      fr: "Gestion communautaire des ressources naturelles",
    },
  },
  {
    id: "social-participation",
    name: {
      en: "Social participation in public policy",
      es: "Participación social en políticas públicas",
      fr: "Participation sociale aux politiques publiques",
    },
  },
  {
    id: "local-production-and-trade",
    name: {
      en: "Local production and trade (SMEs)",
      es: "Producción y comercio local (pymes)",
      fr: "Production et commerce locaux (PME)",
    },
  },
  {
    id: "local-public-administration",
    name: {
      en: "Local public administration",
      es: "Administración pública local",
      fr: "Administration publique locale",
    },
  },
];

export const isTopicId = (id: string): id is TopicId => (TOPIC_IDS as readonly string[]).includes(id);
