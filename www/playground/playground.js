// The playground's page-level switches: language and theme for every widget on the page,
// kept in the query string (?lang=en&theme=dark) next to the widgets' own namespaced keys.
// Runs before the loader so widgets mount once, with the right attributes.
const params = new URLSearchParams(location.search);
const lang = params.get("lang") === "en" ? "en" : "ru";
const theme = ["light", "dark"].includes(params.get("theme")) ? params.get("theme") : "auto";

document.documentElement.lang = lang;
document.documentElement.dataset.theme = theme;
for (const el of document.querySelectorAll("cdc-wal-sim, cdc-scaling-calc, cdc-dr-drill")) {
  el.setAttribute("data-lang", lang);
  el.setAttribute("data-theme", theme);
}

function bind(id, key, value) {
  const select = document.getElementById(id);
  select.value = value;
  select.addEventListener("change", () => {
    const next = new URLSearchParams(location.search);
    next.set(key, select.value);
    location.search = next.toString();
  });
}
bind("lang", "lang", lang);
bind("theme", "theme", theme);

await import("./widgets/loader.js");
