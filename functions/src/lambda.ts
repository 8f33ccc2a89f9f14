/** AWS Lambda entry: the same Hono app behind API Gateway / function URLs. */
import { handle } from "hono/aws-lambda";
import { createApp } from "./app";

export const handler = handle(createApp());
