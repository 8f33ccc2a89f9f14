/**
 * Mail transports: without MAIL_FROM only the outbox; with it, SES v2 SendEmail (here a local fake
 * endpoint speaking its REST-JSON) gets the subject, both parts and the extra headers, and the outbox
 * records the message with SES's id. A message SES refuses is not recorded as sent.
 */
import { type Server, createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, configure } from "../config";
import * as Mail from "./index";

let server: Server;
let endpoint: string;
const received: { path: string; body: any }[] = [];
let refuse = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(raw || "{}") });
      if (refuse) {
        res.writeHead(400, { "Content-Type": "application/json", "x-amzn-errortype": "MessageRejected" });
        return res.end(JSON.stringify({ message: "Email address is not verified." }));
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ MessageId: `ses-${received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  configure({ mail: {} });
  server?.close();
});

describe("Mail.send", () => {
  it("records in the outbox only when no sender is configured", async () => {
    configure({ mail: {} });
    expect(Mail.transport()).toBe("outbox");
    await Mail.send({ to: "Only.Outbox@example.org", subject: "Hola", text: "Texto" });
    expect(received).toEqual([]);
    const [m] = await Mail.listFor("only.outbox@example.org");
    expect(m).toMatchObject({ to: "only.outbox@example.org", subject: "Hola" });
  });

  it("sends by SES with the html part and the List-Unsubscribe headers, then records it", async () => {
    configure({ mail: { from: "Rutas <alertas@rutas.test>", endpoint } });
    expect(Mail.transport()).toBe("ses");
    const headers = {
      "List-Unsubscribe": "<https://rutas.test/api/unsubscribe?token=t>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    };
    const sent = await Mail.send({
      to: "ses@example.org",
      subject: "Rutas: 1 novedad",
      text: "Texto",
      html: "<p>Texto</p>",
      headers,
    });
    expect(sent.sesMessageId).toBe("ses-1");
    expect(received[0].path).toBe("/v2/email/outbound-emails");
    expect(received[0].body).toMatchObject({
      FromEmailAddress: "Rutas <alertas@rutas.test>",
      Destination: { ToAddresses: ["ses@example.org"] },
      Content: {
        Simple: {
          Subject: { Data: "Rutas: 1 novedad" },
          Body: { Text: { Data: "Texto" }, Html: { Data: "<p>Texto</p>" } },
          Headers: [
            { Name: "List-Unsubscribe", Value: headers["List-Unsubscribe"] },
            { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
          ],
        },
      },
    });
    const [m] = await Mail.listFor("ses@example.org");
    expect(m).toMatchObject({ html: "<p>Texto</p>", headers });
  });

  it("a message SES refuses is not recorded", async () => {
    configure({ mail: { from: "Rutas <alertas@rutas.test>", endpoint } });
    refuse = true;
    await expect(Mail.send({ to: "refused@example.org", subject: "x", text: "y" })).rejects.toThrow();
    refuse = false;
    expect(await Mail.listFor("refused@example.org")).toEqual([]);
    expect(config().mail.from).toBeDefined();
  });
});
