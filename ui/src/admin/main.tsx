import { render } from "preact";
import { App } from "./app.tsx";
import { admin } from "./store.ts";

void admin.resume();
render(<App />, document.getElementById("app")!);
