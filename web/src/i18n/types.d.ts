// Makes t() keys checked by tsc against en.json (the key test checks es/fr match it).
import "i18next";
import type en from "./en.json";
import type exchangeAdmin from "./extra-exchange-admin.en.json";

declare module "i18next" {
  interface CustomTypeOptions {
    resources: { translation: typeof en & typeof exchangeAdmin };
    returnNull: false;
  }
}
