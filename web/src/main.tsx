/**
 * Entry: picks the language, then fetches its strings and the current page's chunk
 * in parallel (one round trip on a slow link, not two) before the first render.
 */
import { render } from "preact";
import { App } from "./app";
import { activate } from "./i18n/i18n";
import { browserLanguage } from "./i18n/languages";
import { preloadRoute } from "./routes";
import "./styles.css";

const root = document.getElementById("app")!;
try {
  const [i18n] = await Promise.all([activate(browserLanguage()), preloadRoute(location.pathname)]);
  render(<App initial={i18n} />, root);
  // Lessons opened once stay readable offline (public/sw.js); development keeps the network only.
  if (import.meta.env.PROD && "serviceWorker" in navigator)
    void navigator.serviceWorker.register("/sw.js").catch(() => {});
} catch {
  // The strings themselves did not arrive, so this one message is in all three languages.
  render(
    <main class="boot-failed" role="alert">
      <p>Rutas could not load. · Rutas no pudo cargar. · Rutas n’a pas pu se charger.</p>
      <button type="button" onClick={() => location.reload()}>
        ↻
      </button>
    </main>,
    root,
  );
}
