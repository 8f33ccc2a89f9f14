import { useEffect } from "preact/hooks";

/** Each page names itself in the tab and in the history list. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Rutas`;
  }, [title]);
}
