import { render } from "preact";
import { App } from "./app.tsx";
import { shop } from "./store.ts";

void shop.resume();
render(<App />, document.getElementById("app")!);
