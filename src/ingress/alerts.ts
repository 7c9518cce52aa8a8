import type { OperatorInbox } from "../objects/operator-inbox.ts";
import { noInput, object } from "./contract.ts";

export const OperatorInboxApi = object<typeof OperatorInbox>("OperatorInbox", noInput("list"));
