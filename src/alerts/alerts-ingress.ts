import { noInput, object } from "../platform/restate/ingress-contract.ts";
import type { OperatorInbox } from "./operator-inbox.ts";

export const OperatorInboxApi = object<typeof OperatorInbox>("OperatorInbox", noInput("list"));
