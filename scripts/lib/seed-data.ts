/**
 * Demo world for `npm run dev` and `npm run seed`: the programme's own domain —
 * institutions in Canada and the Andes, hosts and local talents in Apurímac,
 * Cusco and Puno, and participants on both sides. Written through core verbs
 * (as the system actor), so seeded data obeys every rule real data does.
 */
import { Actor, Courses, ExchangeOffers, Hosts, Institutions, LearningRoutes, People, Text } from "@rutas/core";
import { progressBar } from "./progress";

type Inst = { name: string; country: string; type: Institutions.InstitutionType; admin: string };

export const demoInstitutions: Inst[] = [
  {
    name: "Université Laval — Développement international",
    country: "CA",
    type: "university",
    admin: "laval@example.org",
  },
  { name: "University of Guelph — Rural Studies", country: "CA", type: "university", admin: "guelph@example.org" },
  { name: "Coopération Andes-Canada (OCI)", country: "CA", type: "ngo", admin: "oci@example.org" },
  {
    name: "Universidad Nacional de San Antonio Abad del Cusco",
    country: "PE",
    type: "university",
    admin: "unsaac@example.org",
  },
  { name: "Asociación de Municipalidades de Apurímac", country: "PE", type: "government", admin: "amapu@example.org" },
  {
    name: "Universidad Mayor de San Andrés — Desarrollo Rural",
    country: "BO",
    type: "university",
    admin: "umsa@example.org",
  },
  { name: "Fundación Altiplano Productivo", country: "BO", type: "foundation", admin: "altiplano@example.org" },
  { name: "Red Ecuatoriana de Economía Solidaria", country: "EC", type: "ngo", admin: "ecosol@example.org" },
  {
    name: "Cámara de Comercio de Pasto — Pymes Andinas",
    country: "CO",
    type: "business_association",
    admin: "pasto@example.org",
  },
];

export const demoHosts: Hosts.HostInput[] = [
  {
    name: "Comunidad Campesina de Pampallaqta",
    kind: "organisation",
    country: "PE",
    region: "Cusco",
    expertise: "Community tourism and native potato conservation",
  },
  {
    name: "Asociación de Productores de Quinua Ayllu Puno",
    kind: "organisation",
    country: "PE",
    region: "Puno",
    expertise: "Organic quinoa for export; collective certification",
  },
  {
    name: "Cooperativa Agraria Andahuaylas",
    kind: "organisation",
    country: "PE",
    region: "Apurímac",
    expertise: "Cooperative marketing of potato and maca",
  },
  {
    name: "Don Mariano Huamán (yachaq)",
    kind: "talent",
    country: "PE",
    region: "Apurímac",
    expertise: "Micro-reservoirs (qochas) for water harvesting",
  },
  {
    name: "Doña Justina Mamani (yachaq)",
    kind: "talent",
    country: "PE",
    region: "Puno",
    expertise: "Alpaca fibre improvement and women's savings groups",
  },
  {
    name: "Doña Vilma Quispe (yachaq)",
    kind: "talent",
    country: "PE",
    region: "Cusco",
    expertise: "Guinea-pig rearing as a family business",
  },
  {
    name: "Don Teófilo Ccori (yachaq)",
    kind: "talent",
    country: "PE",
    region: "Cusco",
    expertise: "Participatory budgeting in his district",
  },
];

export const demoParticipants: (People.ProfileFields & { email: string })[] = [
  {
    email: "ana.quispe@example.org",
    name: "Ana Quispe",
    country: "PE",
    organisation: "Municipalidad de Abancay",
    organisationType: "government",
    languages: ["es", "qu"],
    profession: "Local development officer",
  },
  {
    email: "marc.tremblay@example.org",
    name: "Marc Tremblay",
    country: "CA",
    organisation: "SOCODEVI",
    organisationType: "ngo",
    languages: ["fr", "en", "es"],
    profession: "Cooperative adviser",
  },
  {
    email: "lucia.mamani@example.org",
    name: "Lucía Mamani",
    country: "BO",
    organisation: "Asociación de Artesanas de El Alto",
    organisationType: "community_organisation",
    languages: ["es", "ay"],
    profession: "Artisan and treasurer",
  },
  {
    email: "jorge.pillajo@example.org",
    name: "Jorge Pillajo",
    country: "EC",
    organisation: "GAD Parroquial de Cangahua",
    organisationType: "government",
    languages: ["es", "qu"],
    profession: "Parish councillor",
  },
  {
    email: "sarah.oneil@example.org",
    name: "Sarah O'Neil",
    country: "CA",
    organisation: "University of Guelph",
    organisationType: "university",
    languages: ["en", "es"],
    profession: "Graduate student, rural planning",
  },
  {
    email: "camila.rojas@example.org",
    name: "Camila Rojas",
    country: "CO",
    organisation: "Pymes Nariño",
    organisationType: "business",
    languages: ["es", "en"],
    profession: "SME consultant",
  },
];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const lesson = (title: string, body: string) => ({ title, body });

/** Short courses, each in the language its teachers deliver it in, with one running and one upcoming cohort. */
export const demoCourses: (Omit<Courses.CourseInput, "institutionId"> & {
  institution: string;
  prices: Courses.CohortInput["prices"];
})[] = [
  {
    institution: "Universidad Nacional de San Antonio Abad del Cusco",
    title: { es: "Gestión comunitaria del agua en los Andes", en: "Community water management in the Andes" },
    summary: {
      es: "Qochas, riego por aspersión y organización de usuarios: lo que funcionó en Apurímac y Cusco.",
      en: "Micro-reservoirs, sprinkler irrigation and water-user organisation: what worked in Apurímac and Cusco.",
    },
    topics: ["community-natural-resources"],
    language: "es",
    modules: [
      {
        title: "Siembra y cosecha de agua",
        lessons: [
          lesson(
            "Qué es una qocha",
            "Una **qocha** es una pequeña represa rústica que retiene el agua de lluvia.\n\n- Recarga los manantiales\n- Se construye en faena comunal",
          ),
          lesson(
            "Organizar a los usuarios",
            "El comité de regantes reparte turnos y cuida las obras. Veremos el reglamento de Pampallaqta.",
          ),
        ],
      },
      {
        title: "Del piloto a la política local",
        lessons: [lesson("Presupuesto participativo", "Cómo llevar la siembra de agua al presupuesto del distrito.")],
      },
    ],
    prices: [],
  },
  {
    institution: "Université Laval — Développement international",
    title: { fr: "Économie sociale et coopératives agricoles", es: "Economía social y cooperativas agrarias" },
    summary: {
      fr: "Gouvernance, financement et mise en marché collective : l'expérience québécoise et andine.",
      es: "Gobernanza, financiamiento y comercialización colectiva: la experiencia quebequense y andina.",
    },
    topics: ["local-production-and-trade"],
    language: "fr",
    modules: [
      {
        title: "Les coopératives",
        lessons: [
          lesson("Principes coopératifs", "Les sept principes et leur application dans une coopérative de quinoa."),
          lesson("Financer une coopérative", "Parts sociales, fonds de roulement et crédit solidaire."),
        ],
      },
    ],
    prices: [
      { group: "standard", amount: 24000, currency: "CAD" },
      { group: "reduced", amount: 6000, currency: "CAD" },
      { group: "community", amount: 1500, currency: "CAD" },
    ],
  },
  {
    institution: "University of Guelph — Rural Studies",
    title: {
      en: "Participatory budgeting for rural municipalities",
      es: "Presupuesto participativo para municipios rurales",
    },
    summary: {
      en: "How communities decide public investment, from Ontario townships to Andean districts.",
      es: "Cómo las comunidades deciden la inversión pública, de los municipios de Ontario a los distritos andinos.",
    },
    topics: ["social-participation", "local-public-administration"],
    language: "en",
    modules: [
      {
        title: "Foundations",
        lessons: [
          lesson("Why participate?", "Evidence from twenty years of participatory budgets."),
          lesson("Running the assemblies", "Agendas, facilitation and minutes that hold."),
        ],
      },
    ],
    prices: [
      { group: "standard", amount: 18000, currency: "CAD" },
      { group: "reduced", amount: 4500, currency: "CAD" },
      { group: "community", amount: 0, currency: "CAD" },
    ],
  },
  {
    // Given in Quechua (Runasimi), for the Apurímac communities who run their own water: an
    // English or French reader sees the Quechua text, marked as such; a Spanish reader, the Spanish.
    institution: "Asociación de Municipalidades de Apurímac",
    title: { qu: "Ayllupi yakuta kamachiy", es: "Gestión comunal del agua, en quechua" },
    summary: {
      qu: "Qochakunata ruwaspa, yakuta allinta rakinakuspa: Apurímac llaqtakunapi imaynatam yakuta waqaychanku, chayta yachasun.",
      es: "Qochas y reparto del agua: cómo las comunidades de Apurímac guardan y comparten el agua. Curso dictado en quechua.",
    },
    topics: ["community-natural-resources"],
    language: "qu",
    modules: [
      {
        title: "Yaku tarpuy, yaku pallay",
        lessons: [
          lesson(
            "Imataq qocha?",
            "**Qocha**qa huch'uy yaku hark'anam, para yakuta waqaychan.\n\n- Pukyukunata kawsachin\n- Ayllu mink'apim ruwakun",
          ),
          lesson("Yaku rakinakuy", "Yaku kamayuqkunam sapa wasipaq turnota rakinku, ruwasqakunatapas qhawanku."),
        ],
      },
    ],
    prices: [],
  },
];

async function seedCourses(system: typeof Actor.system, tick: (what: string) => void) {
  const institutions = new Map((await Institutions.list()).map((i) => [i.name, i.id]));
  for (const { institution, prices, ...input } of demoCourses) {
    const institutionId = institutions.get(institution)!;
    const existing = await Courses.listForInstitution(system, institutionId);
    if (existing.some((c) => Text.CONTENT_LANGUAGES.every((l) => c.title[l] === input.title[l]))) {
      tick(`course ${Object.values(input.title)[0]} (kept)`);
      continue;
    }
    const course = await Courses.create(system, { ...input, institutionId });
    await Courses.publish(system, course.id);
    await Courses.addCohort(system, course.id, {
      startDate: day(0),
      endDate: day(20),
      capacity: 25,
      enrolmentDeadline: day(7),
      prices,
    });
    await Courses.addCohort(system, course.id, {
      startDate: day(35),
      endDate: day(62),
      capacity: 30,
      enrolmentDeadline: day(30),
      prices,
    });
    tick(`course ${Object.values(input.title)[0]}`);
  }
}

/** A 4-day Learning Route through Apurímac and Cusco, its fee shared among its four hosts. */
export const demoRoute = {
  institution: "Universidad Nacional de San Antonio Abad del Cusco",
  title: {
    es: "Agua y papas nativas: de Andahuaylas a Pampallaqta",
    en: "Water and native potatoes: from Andahuaylas to Pampallaqta",
    fr: "Eau et pommes de terre natives : d'Andahuaylas à Pampallaqta",
    qu: "Yakumanta, papakunamanta: Andahuaylasmanta Pampallaqtakama",
  },
  summary: {
    es: "Cuatro días con comunidades y yachaqkuna que cosechan agua en qochas, conservan papas nativas y venden juntos.",
    en: "Four days with communities and yachaqs who harvest water in qochas, keep native potatoes and sell together.",
    fr: "Quatre jours avec des communautés et des yachaqs qui récoltent l'eau dans des qochas, gardent les pommes de terre natives et vendent ensemble.",
  },
  topics: ["community-natural-resources", "local-production-and-trade"],
  countries: ["PE"],
  stops: [
    {
      day: 1,
      host: "Cooperativa Agraria Andahuaylas",
      place: "Andahuaylas, Apurímac",
      title: { es: "Venta asociada de papa y maca", en: "Selling potato and maca together" },
    },
    {
      day: 2,
      host: "Don Mariano Huamán (yachaq)",
      place: "Pacucha, Apurímac",
      title: { es: "Qochas: cosecha de agua en la puna", en: "Qochas: harvesting water on the puna" },
    },
    {
      day: 3,
      host: "Comunidad Campesina de Pampallaqta",
      place: "Pampallaqta, Cusco",
      title: { es: "Turismo comunitario y papas nativas", en: "Community tourism and native potatoes" },
    },
    {
      day: 4,
      host: "Doña Vilma Quispe (yachaq)",
      place: "Calca, Cusco",
      title: { es: "Crianza de cuyes como negocio familiar", en: "Guinea pigs as a family business" },
    },
  ],
  prices: [
    { group: "standard" as const, amount: 120000, currency: "USD" },
    { group: "reduced" as const, amount: 45000, currency: "USD" },
    { group: "community" as const, amount: 15000, currency: "USD" },
  ],
  /** Who signs in as the first host to read its statement. */
  hostMember: { host: "Comunidad Campesina de Pampallaqta", email: "pampallaqta@example.org" },
};

async function seedRoute(system: typeof Actor.system) {
  const institutionId = (await Institutions.list()).find((i) => i.name === demoRoute.institution)!.id;
  const hosts = new Map((await Hosts.listByCountry("PE")).map((h) => [h.name, h.id]));
  const existing = await LearningRoutes.listForInstitution(system, institutionId);
  if (existing.some((r) => r.title.es === demoRoute.title.es)) return "kept";
  const hostIds = demoRoute.stops.map((s) => hosts.get(s.host)!);
  const route = await LearningRoutes.create(system, {
    institutionId,
    title: demoRoute.title,
    summary: demoRoute.summary,
    topics: demoRoute.topics,
    countries: demoRoute.countries,
    startDate: day(40),
    endDate: day(43),
    capacity: 15,
    stops: demoRoute.stops.map(({ host: _h, ...stop }, i) => ({ ...stop, hostId: hostIds[i] })),
    prices: demoRoute.prices,
    // Each host 17.5 %, the university that runs it 15 %, the operator 10 %, the solidarity fund 5 %.
    feeShares: [
      ...hostIds.map((id) => ({ party: `host:${id}`, basisPoints: 1750 })),
      { party: `institution:${institutionId}`, basisPoints: 1500 },
      { party: "operator", basisPoints: 1000 },
      { party: "solidarity_fund", basisPoints: 500 },
    ],
  });
  await LearningRoutes.publish(system, route.id);
  await Hosts.addMember(system, hosts.get(demoRoute.hostMember.host)!, { email: demoRoute.hostMember.email });
  return "created";
}

/** Two exchange offers: a free study visit in Canada and a self-financed internship in Cusco. */
export const demoOffers: (Omit<
  ExchangeOffers.OfferInput,
  "institutionId" | "startDate" | "endDate" | "applicationDeadline"
> & {
  institution: string;
  startIn: number;
  days: number;
})[] = [
  {
    institution: "University of Guelph — Rural Studies",
    kind: "study_visit",
    title: {
      en: "Dairy and grain co-operatives of Ontario",
      es: "Cooperativas lecheras y de granos de Ontario",
      fr: "Coopératives laitières et céréalières de l'Ontario",
    },
    description: {
      en: "Two weeks with farmer-owned co-operatives: governance, shared processing and marketing boards.",
      es: "Dos semanas con cooperativas de productores: gobernanza, procesamiento compartido y juntas de comercialización.",
      fr: "Deux semaines avec des coopératives agricoles : gouvernance, transformation partagée et offices de commercialisation.",
    },
    country: "CA",
    city: "Guelph",
    capacity: 4,
    topics: ["local-production-and-trade"],
    languages: ["en", "es"],
    startIn: 90,
    days: 14,
  },
  {
    institution: "Universidad Nacional de San Antonio Abad del Cusco",
    kind: "internship",
    title: {
      es: "Pasantía en gestión comunitaria del agua",
      en: "Internship in community water management",
      fr: "Stage en gestion communautaire de l'eau",
      qu: "Yaku kamachiypi yachapakuy",
    },
    description: {
      es: "Tres semanas con comités de riego de Cusco: qochas, turnos de agua y cuidado de manantiales.",
      en: "Three weeks with Cusco's irrigation committees: qochas, water turns and spring protection.",
    },
    country: "PE",
    city: "Cusco",
    capacity: 2,
    topics: ["community-natural-resources"],
    languages: ["es", "qu"],
    prices: [
      { group: "standard", amount: 45000, currency: "CAD" },
      { group: "reduced", amount: 9000, currency: "CAD" },
    ],
    startIn: 75,
    days: 21,
  },
];

async function seedOffers(system: typeof Actor.system, tick: (what: string) => void) {
  const institutions = new Map((await Institutions.list()).map((i) => [i.name, i.id]));
  const existing = new Set<string>();
  for (let cursor: string | undefined; ;) {
    const page = await ExchangeOffers.list({ cursor, limit: 50 });
    for (const o of page.items) existing.add(Text.pick(o.title, "es"));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  for (const { institution, startIn, days, ...offer } of demoOffers) {
    if (!existing.has(Text.pick(offer.title, "es")))
      await ExchangeOffers.create(system, {
        ...offer,
        institutionId: institutions.get(institution)!,
        startDate: day(startIn),
        endDate: day(startIn + days - 1),
        applicationDeadline: day(startIn - 45),
      });
    tick(`exchange offer ${Text.pick(offer.title, "es")}`);
  }
}

export async function seed(opts: { quiet?: boolean } = {}) {
  const system = Actor.system;
  const total =
    demoInstitutions.length * 2 +
    demoHosts.length +
    demoParticipants.length +
    demoCourses.length +
    1 +
    demoOffers.length;
  const bar = opts.quiet ? { tick() {}, end() {} } : progressBar("Seeding demo data", total);
  const existing = new Set((await Institutions.list()).map((i) => i.name));
  for (const inst of demoInstitutions) {
    if (existing.has(inst.name)) {
      bar.tick(`institution ${inst.name} (kept)`);
      bar.tick("");
      continue;
    }
    const created = await Institutions.create(system, { name: inst.name, country: inst.country, type: inst.type });
    bar.tick(`institution ${inst.name}`);
    await Institutions.addMember(system, created.id, { email: inst.admin, role: "admin" });
    bar.tick(`admin ${inst.admin}`);
  }
  for (const country of new Set(demoHosts.map((h) => h.country))) {
    const known = new Set((await Hosts.listByCountry(country)).map((h) => h.name));
    for (const host of demoHosts.filter((h) => h.country === country)) {
      if (!known.has(host.name)) await Hosts.create(system, host);
      bar.tick(`host ${host.name}`);
    }
  }
  for (const { email, ...profile } of demoParticipants) {
    const person = await People.findOrCreateByEmail(email, profile);
    bar.tick(`participant ${person.email}`);
  }
  await seedCourses(system, (what) => bar.tick(what));
  bar.tick(`route ${demoRoute.title.es} (${await seedRoute(system)})`);
  await seedOffers(system, (what) => bar.tick(what));
  bar.end();
  return {
    institutions: demoInstitutions.length,
    hosts: demoHosts.length,
    participants: demoParticipants.length,
    courses: demoCourses.length,
    routes: 1,
    exchangeOffers: demoOffers.length,
  };
}
