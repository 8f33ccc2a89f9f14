// The pages a person opens in a browser: Checkout (pay or be declined, then 303 to success_url) and the Connect onboarding stand-in.
import type { IncomingMessage, ServerResponse } from "node:http";
import * as Checkout from "./checkout";
import * as Connect from "./connect";
import type { Core } from "./core";
import { readBody, redirect, sendHtml } from "./http";
import { nowSeconds } from "./ids";
import { checkoutPage, langFor, messagePage, onboardingPage } from "./pages";

export async function handleCheckoutPage(
  core: Core,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const session = Checkout.getSession(core, id);
  const accept = req.headers["accept-language"];
  if (!session) return sendHtml(res, 404, messagePage(langFor(undefined, accept), "notFound"));
  const lang = langFor(session.locale, accept);
  const lines = core.store.sessionLines.get(session.id) ?? [];
  if (req.method === "GET" || req.method === "HEAD") return sendHtml(res, 200, checkoutPage(session, lines, lang));
  if (req.method !== "POST") return sendHtml(res, 405, messagePage(lang, "notFound"));

  const form = new URLSearchParams(await readBody(req));
  const card = form.get("card") ?? "";
  const email = form.get("email")?.trim() || undefined;
  const result = Checkout.pay(core, session, card, email);
  if (result.ok) {
    if (result.redirect) return redirect(res, result.redirect);
    return sendHtml(res, 200, messagePage(lang, "paid"));
  }
  if (result.reason === "not_open") return sendHtml(res, 409, checkoutPage(session, lines, lang));
  // 402 is what Stripe's API answers a declined card with; an unusable number is a plain bad request.
  const status = result.reason === "declined" ? 402 : 400;
  return sendHtml(res, status, checkoutPage(session, lines, lang, { error: result.reason, card }));
}

export async function handleOnboardingPage(
  core: Core,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<void> {
  const lang = langFor(undefined, req.headers["accept-language"]);
  const link = core.store.accountLinks.get(token);
  const account = link ? core.store.accounts.get(link.account) : undefined;
  if (!link || !account) return sendHtml(res, 404, messagePage(lang, "linkExpired"));
  if (link.used || link.expiresAt < nowSeconds()) {
    // Stripe sends people with a stale link to refresh_url, where the platform makes a new one.
    if (link.refreshUrl) return redirect(res, link.refreshUrl);
    return sendHtml(res, 410, messagePage(lang, "linkExpired"));
  }
  if (req.method === "GET" || req.method === "HEAD") return sendHtml(res, 200, onboardingPage(account, lang));
  await readBody(req);
  Connect.completeOnboarding(core, link);
  if (link.returnUrl) return redirect(res, link.returnUrl);
  return sendHtml(res, 200, messagePage(lang, "onboarded"));
}
