// The query workbench (/query): highlighting, examples, prefixes, running against /sparql,
// labelled and sortable results, chart and map views, downloads, permalink and snippets.
// The page works without this file; every piece of data is written with textContent or
// setAttribute, never parsed as HTML, so markup in the data stays text.
"use strict";

(() => {
  const root = document.getElementById("workbench");
  if (!root) return;
  const messages = JSON.parse(root.dataset.messages);
  const lang = root.dataset.lang;
  const bases = [root.dataset.base, root.dataset.canonicalBase];
  const form = document.getElementById("editor-form");
  const textarea = document.getElementById("query");
  const highlight = document.getElementById("highlight");
  const results = document.getElementById("results");
  const permalinkLink = document.getElementById("permalink");
  const SVG = "http://www.w3.org/2000/svg";
  // Rows a results table shows, as the server's pages (the endpoint sends every row).
  const SHOWN_ROWS = 10000;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(
    ["integer", "decimal", "double", "float", "long", "int", "short", "nonNegativeInteger",
     "positiveInteger", "unsignedInt"].map((t) => XSD + t),
  );
  const DATES = new Set(["date", "dateTime", "gYear", "gYearMonth"].map((t) => XSD + t));
  // The label policy's fallback chains (coopgraph/labels.py): "*" any other language, "" none.
  const CHAINS = JSON.parse(root.dataset.labelChains);
  const RTL = new Set(["ar", "fa", "he", "ur"]);
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });

  // The texts come from the server's gettext catalogues (coopgraph/locales); a counted noun has
  // one text per CLDR plural category, picked by the browser's plural rules for the language.
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  const t = (key, values = {}) => fill(messages[key], values);
  const plurals = new Intl.PluralRules(lang);
  const count = (key, n) => {
    const forms = messages[key];
    return fill(forms[plurals.select(n)] ?? forms.other, { n });
  };

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function svg(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    for (const child of children) node.append(child);
    return node;
  }

  // ------------------------------------------------------------------------------------------
  // Syntax highlighting: the textarea's text is transparent over a <pre> of coloured spans.

  const KEYWORDS = new Set(
    ("base prefix select distinct reduced construct describe ask from named where order by asc " +
     "desc limit offset group having values optional union minus graph service silent filter " +
     "bind as not exists in undef a true false")
      .split(" "),
  );
  const FUNCTIONS = new Set(
    ("count sum min max avg sample group_concat separator str lang langmatches datatype bound " +
     "iri uri bnode rand abs ceil floor round concat strlen ucase lcase encode_for_uri contains " +
     "strstarts strends strbefore strafter year month day hours minutes seconds timezone tz now " +
     "uuid struuid md5 sha1 sha256 sha384 sha512 coalesce if strlang strdt sameterm isiri isuri " +
     "isblank isliteral isnumeric regex substr replace")
      .split(" "),
  );
  const TOKEN = new RegExp(
    [
      /(?<comment>#[^\n]*)/,
      /(?<iri><[^<>"{}|^`\\\s]*>)/,
      /(?<string>"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/,
      /(?<variable>[?$][\p{L}\p{N}_]+)/,
      /(?<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)/,
      /(?<pname>(?:[\p{L}][\p{L}\p{N}_.-]*)?:(?:[\p{L}\p{N}_%-](?:[\p{L}\p{N}_.%-]*[\p{L}\p{N}_%-])?)?)/,
      /(?<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/,
      /(?<word>[\p{L}_][\p{L}\p{N}_]*)/,
      /(?<other>[\s\S])/,
    ].map((r) => r.source).join("|"),
    "gu",
  );

  function tokens(text) {
    const out = [];
    for (const match of text.matchAll(TOKEN)) {
      const [kind, value] = Object.entries(match.groups).find(([, v]) => v !== undefined);
      let cls = kind;
      if (kind === "word") {
        const lower = value.toLowerCase();
        cls = KEYWORDS.has(lower) ? "keyword" : FUNCTIONS.has(lower) ? "function" : "other";
      }
      const last = out[out.length - 1];
      if (cls === "other" && last && last[0] === "other") last[1] += value;
      else out.push([cls, value]);
    }
    return out;
  }

  function paint() {
    const parts = tokens(textarea.value).map(([cls, value]) =>
      cls === "other" ? document.createTextNode(value) : el("span", { class: "tok-" + cls }, value),
    );
    highlight.replaceChildren(...parts, "\n"); // a trailing newline keeps the last line's height
    syncScroll();
  }

  function syncScroll() {
    highlight.scrollTop = textarea.scrollTop;
    highlight.scrollLeft = textarea.scrollLeft;
  }

  // ------------------------------------------------------------------------------------------
  // Prefixes and examples

  // The declaration to put before `text` for `prefix` to be usable: "" if it is there already.
  function declarationFor(text, prefix) {
    const known = prefixButtons().find((p) => p.prefix === prefix);
    if (!known || new RegExp(`^\\s*PREFIX\\s+${prefix}:`, "im").test(text)) return "";
    return `PREFIX ${prefix}: <${known.namespace}>\n`;
  }

  function insertPrefix(button) {
    const declaration = declarationFor(textarea.value, button.dataset.prefix);
    if (declaration) {
      textarea.value = declaration + textarea.value;
      changed();
    }
    textarea.focus();
  }

  function loadExample(select) {
    const option = select.selectedOptions[0];
    if (!option || !option.dataset.query) return;
    textarea.value = option.dataset.query;
    changed();
    textarea.focus();
  }

  // ------------------------------------------------------------------------------------------
  // Completion of prefixes, classes and properties while typing (terms from /query/terms).

  const popup = el("ul", { id: "completions", role: "listbox", class: "completions", hidden: "" });
  let vocabulary = [];
  let vocabularyLoading = null; // fetched once, on first use
  let choices = [];
  let chosen = 0;
  let typed = null; // {start, end} of the text the choice replaces

  function loadVocabulary() {
    vocabularyLoading ??= fetch("/query/terms?" + new URLSearchParams({ lang }))
      .then((response) => (response.ok ? response.json() : { terms: [] }))
      .then((data) => { vocabulary = data.terms; })
      .catch((err) => console.warn("terms for completion could not be fetched:", err.message));
    return vocabularyLoading;
  }

  function prefixButtons() {
    return [...root.querySelectorAll("button.prefix")].map((b) => b.dataset);
  }

  // What is being typed at the caret: a prefixed name, or a word that may start a prefix.
  function typing() {
    const caret = textarea.selectionStart;
    if (caret !== textarea.selectionEnd) return null;
    const line = textarea.value.slice(textarea.value.lastIndexOf("\n", caret - 1) + 1, caret);
    if ((line.split("<").length > line.split(">").length) || line.split('"').length % 2 === 0 ||
        line.includes("#")) return null; // inside an IRI, a string or a comment
    const m = /(?:^|[^\p{L}\p{N}_:?$-])([\p{L}][\p{L}\p{N}_-]*)?(:[\p{L}\p{N}_-]*)?$/u.exec(line);
    if (!m || (!m[2] && (!m[1] || m[1].length < 2))) return null;
    const text = (m[1] || "") + (m[2] || "");
    return { start: caret - text.length, end: caret, prefix: m[1] || "", local: m[2] ? m[2].slice(1) : null };
  }

  function candidates(at) {
    if (at.local === null) {
      return prefixButtons()
        .filter((p) => p.prefix.startsWith(at.prefix)) // keywords are typed in capitals
        .map((p) => ({ name: p.prefix + ":", label: p.namespace, lang: "" }));
    }
    const local = at.local.toLowerCase();
    const all = vocabulary.filter((term) => term.name.startsWith(at.prefix + ":"));
    const localOf = (term) => term.name.slice(at.prefix.length + 1).toLowerCase();
    return [
      ...all.filter((term) => localOf(term).startsWith(local)),
      ...all.filter((term) => !localOf(term).startsWith(local) &&
        (localOf(term).includes(local) || term.label.toLowerCase().includes(local))),
    ];
  }

  async function complete() {
    if (typing()?.local != null) await loadVocabulary();
    const at = typing(); // read again: the text may have changed while the terms loaded
    if (!at) return closeCompletion();
    choices = candidates(at).slice(0, 12);
    if (!choices.length || (choices.length === 1 && choices[0].name === at.prefix + ":" +
        (at.local ?? ""))) return closeCompletion();
    typed = at;
    chosen = 0;
    popup.replaceChildren(...choices.map((c, i) => {
      const item = el("li", { role: "option", id: "completion-" + i, "aria-selected": String(i === 0) },
        el("code", { dir: "ltr" }, c.name));
      if (c.label && c.label !== c.name) {
        item.append(" ", el("span", { lang: c.lang, dir: directionOf(c.lang), class: "label" }, c.label));
      }
      item.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep the focus in the editor
        accept(i);
      });
      return item;
    }));
    placePopup(at.start);
    popup.hidden = false;
    textarea.setAttribute("aria-expanded", "true");
    textarea.setAttribute("aria-activedescendant", "completion-0");
  }

  // The editor's font is monospaced: the caret's place follows from its line and column.
  function placePopup(offset) {
    const before = textarea.value.slice(0, offset).split("\n");
    const style = getComputedStyle(textarea);
    const probe = el("span", {}, "M".repeat(10));
    highlight.append(probe);
    const charWidth = probe.getBoundingClientRect().width / 10;
    probe.remove();
    const lineHeight = parseFloat(style.lineHeight);
    const left = parseFloat(style.paddingLeft) + before[before.length - 1].length * charWidth -
      textarea.scrollLeft;
    const top = parseFloat(style.paddingTop) + before.length * lineHeight - textarea.scrollTop;
    popup.style.left = `${Math.max(0, Math.min(left, textarea.clientWidth - 200))}px`;
    popup.style.top = `${top + 2}px`;
  }

  function move(step) {
    chosen = (chosen + step + choices.length) % choices.length;
    for (const [i, item] of [...popup.children].entries()) {
      item.setAttribute("aria-selected", String(i === chosen));
    }
    textarea.setAttribute("aria-activedescendant", "completion-" + chosen);
    popup.children[chosen].scrollIntoView({ block: "nearest" });
  }

  function accept(index) {
    const choice = choices[index];
    const { start, end } = typed;
    const value = textarea.value;
    let text = value.slice(0, start) + choice.name + value.slice(end);
    let caret = start + choice.name.length;
    const declaration = declarationFor(text, choice.name.split(":")[0]);
    text = declaration + text;
    caret += declaration.length;
    textarea.value = text;
    textarea.setSelectionRange(caret, caret);
    closeCompletion();
    changed();
  }

  function closeCompletion() {
    popup.hidden = true;
    typed = null;
    textarea.setAttribute("aria-expanded", "false");
    textarea.removeAttribute("aria-activedescendant");
  }

  function completionKeys(event) {
    if (popup.hidden) return false;
    const keys = { ArrowDown: () => move(1), ArrowUp: () => move(-1), Escape: closeCompletion,
                   Enter: () => accept(chosen), Tab: () => accept(chosen) };
    if (!(event.key in keys) || event.ctrlKey || event.metaKey || event.altKey) return false;
    event.preventDefault();
    keys[event.key]();
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Running a query

  async function sparql(query, accept) {
    const response = await fetch("/sparql", {
      method: "POST",
      body: new URLSearchParams({ query }),
      headers: { Accept: accept },
    });
    if (!response.ok) throw new Error(await response.text());
    return response;
  }

  async function run() {
    const query = textarea.value;
    if (!query.trim()) return;
    results.replaceChildren(el("h2", {}, t("workbench_results")), el("p", { class: "status" }, t("workbench_running")));
    refreshAround(query, true);
    const started = performance.now();
    let response;
    let data;
    try {
      response = await sparql(query, "application/sparql-results+json, text/turtle;q=0.9");
      const json = (response.headers.get("Content-Type") || "").includes("json");
      data = json ? await response.json() : await response.text();
    } catch (err) {
      showError(err.message);
      return;
    }
    const elapsed = Math.round(performance.now() - started);
    if (typeof data === "string") showGraph(data, response.headers.get("X-Coopgraph-Rows"), elapsed);
    else if ("boolean" in data) showAnswer(data.boolean, elapsed);
    else await showTable(data, elapsed);
  }

  function statusLine(rows, elapsed) {
    return el("p", { class: "status", id: "status" },
      `${count("workbench_rows", rows)} · ${t("workbench_elapsed", { ms: elapsed })}`);
  }

  function showError(message) {
    results.replaceChildren(
      el("h2", {}, t("workbench_results")),
      el("p", { class: "error", role: "alert" }, t("workbench_error") + " ", el("span", { dir: "ltr" }, message)),
    );
  }

  function showAnswer(value, elapsed) {
    results.replaceChildren(
      el("h2", {}, t("workbench_results")),
      statusLine(1, elapsed),
      el("p", { class: "answer" }, el("strong", {}, value ? t("workbench_answer_yes") : t("workbench_answer_no"))),
    );
  }

  function showGraph(text, triples, elapsed) {
    results.replaceChildren(
      el("h2", {}, t("workbench_results")),
      statusLine(triples ?? "?", elapsed), // the server counts what it wrote
      el("pre", { class: "graph-result", dir: "ltr" }, text),
    );
  }

  // ------------------------------------------------------------------------------------------
  // Labels: one SPARQL query for the IRIs of a result, the best label in the page's language.

  const SAFE_IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]*$/;

  async function labelsFor(iris) {
    const labels = new Map();
    const safe = [...iris].filter((iri) => SAFE_IRI.test(iri));
    for (let start = 0; start < safe.length; start += 300) {
      const values = safe.slice(start, start + 300).map((iri) => `<${iri}>`).join(" ");
      const query =
        `SELECT ?x ?l WHERE { VALUES ?x { ${values} } ` +
        "?x <http://www.w3.org/2000/01/rdf-schema#label>|" +
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(isLiteral(?l)) }";
      const found = await (await sparql(query, "application/sparql-results+json")).json();
      for (const row of found.results.bindings) {
        if (!labels.has(row.x.value)) labels.set(row.x.value, []);
        labels.get(row.x.value).push(row.l);
      }
    }
    const best = new Map();
    for (const [iri, candidates] of labels) best.set(iri, bestLabel(candidates));
    return best;
  }

  function labelRank(tag) {
    const chain = CHAINS[lang] || [lang, "*", ""];
    const code = (tag || "").split("-")[0].toLowerCase();
    const at = chain.indexOf(code);
    return at >= 0 ? at : chain.indexOf(code ? "*" : "");
  }

  function bestLabel(candidates) {
    let best = candidates[0];
    for (const c of candidates) if (labelRank(c["xml:lang"]) < labelRank(best["xml:lang"])) best = c;
    return best;
  }

  // Links as the server makes them (coopgraph/web/pages.py, page_path_of and with_lang): an IRI
  // of the scheme goes to its page, /page/… without the id/ step, with the page's explicit ?lang=;
  // an IRI of the ontology or shapes only under the canonical base, others only under this
  // release's base; any other http(s) IRI to itself.
  const PAGE_PATHS = JSON.parse(root.dataset.pagePaths);
  const SCHEME = PAGE_PATHS.patterns.map((p) => new RegExp(`^(?:${p})$`));
  const ASKED_LANG = new URLSearchParams(location.search).get("lang");

  function pagePath(iri) {
    for (const base of new Set(bases)) {
      if (!iri.startsWith(base)) continue;
      const path = iri.slice(base.length);
      const full = root.dataset.canonicalBase + path;
      const canonical = PAGE_PATHS.canonical_iris.includes(full) ||
        PAGE_PATHS.canonical_namespaces.some((ns) => full.startsWith(ns));
      const home = canonical ? root.dataset.canonicalBase : root.dataset.base;
      const known = PAGE_PATHS.documents.includes(path) || SCHEME.some((p) => p.test(path));
      if (base !== home || !known) continue;
      const [doc, ...fragment] = path.split("#");
      const hash = fragment.length && fragment[0] ? "#" + fragment.join("#") : "";
      const query = ["ar", "fr", "en"].includes(ASKED_LANG) ? "?lang=" + ASKED_LANG : "";
      return "/page/" + doc.replace(/^id\//, "") + query + hash;
    }
    return null;
  }

  function localHref(iri) {
    return pagePath(iri) ?? (/^https?:\/\//.test(iri) ? iri : null);
  }

  function shortIri(iri) {
    for (const base of bases) if (base && iri.startsWith(base)) return iri.slice(base.length);
    return iri;
  }

  // ------------------------------------------------------------------------------------------
  // The table

  function directionOf(tag) {
    return RTL.has((tag || "").split("-")[0]) ? "rtl" : tag ? "ltr" : "auto";
  }

  // Runs of the other script in a <bdi> each, as the pages do (coopgraph/labels.py, runs).
  const LATIN_RUN = /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF](?:[^\u0600-\u06FF]*[A-Za-z\u00C0-\u024F\u1E00-\u1EFF0-9)])?/g;
  const ARABIC_RUN = /[\u0600-\u06FF](?:[^A-Za-z\u00C0-\u024F]*[\u0600-\u06FF])?/g;

  function isolated(text, dir) {
    if (dir !== "rtl" && dir !== "ltr") return [text];
    const pieces = [];
    let at = 0;
    for (const match of text.matchAll(dir === "rtl" ? LATIN_RUN : ARABIC_RUN)) {
      if (match.index > at) pieces.push(text.slice(at, match.index));
      pieces.push(el("bdi", {}, match[0]));
      at = match.index + match[0].length;
    }
    if (at < text.length) pieces.push(text.slice(at));
    return pieces.length ? pieces : [text];
  }

  function cellNode(cell, labels) {
    if (!cell) return { node: "", key: "" };
    if (cell.type === "uri") {
      const label = labels.get(cell.value);
      const text = label ? label.value : shortIri(cell.value);
      const attrs = label
        ? { lang: label["xml:lang"] || "", dir: directionOf(label["xml:lang"]) }
        : { dir: "ltr" };
      const span = el("span", attrs, ...isolated(text, attrs.dir));
      const href = localHref(cell.value);
      const node = href ? el("a", { href, title: cell.value }, span) : span;
      return { node, key: text };
    }
    const tag = cell["xml:lang"];
    const typed = !tag && cell.datatype;
    const attrs = tag ? { lang: tag, dir: directionOf(tag) } : { dir: typed ? "ltr" : "auto" };
    const node = el("span", attrs, ...isolated(cell.value, attrs.dir));
    const key = NUMERIC.has(cell.datatype) ? Number(cell.value) : cell.value;
    return { node, key };
  }

  function compare(a, b) {
    if (a === "" || b === "") return a === "" ? (b === "" ? 0 : 1) : -1; // blanks last
    if (typeof a === "number" && typeof b === "number") return a - b;
    return collator.compare(String(a), String(b));
  }

  function buildTable(vars, rows, labels) {
    const body = el("tbody");
    const entries = rows.map((row) => vars.map((v) => cellNode(row[v], labels)));
    const draw = (order) =>
      body.replaceChildren(
        ...order.map((cells) => el("tr", {}, ...cells.map((c) => el("td", {}, c.node)))),
      );
    const heads = vars.map((v, i) => {
      const button = el("button", { type: "button", class: "sort", dir: "ltr" }, v);
      const th = el("th", { scope: "col", "aria-sort": "none" }, button);
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        for (const other of heads) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const sign = ascending ? 1 : -1;
        draw([...entries].sort((a, b) => sign * compare(a[i].key, b[i].key)));
      });
      return th;
    });
    draw(entries);
    const table = el("table", { class: "results", id: "results-table" },
      el("thead", {}, el("tr", {}, ...heads)), body);
    return el("div", { class: "table-wrap" }, table);
  }

  async function showTable(data, elapsed) {
    const vars = data.head.vars;
    const rows = data.results.bindings.slice(0, SHOWN_ROWS);
    const truncated = data.results.bindings.length > rows.length;
    const iris = new Set();
    for (const row of rows) {
      for (const cell of Object.values(row)) if (cell.type === "uri") iris.add(cell.value);
    }
    let labels = new Map();
    try {
      labels = await labelsFor(iris);
    } catch (err) {
      console.warn("labels could not be fetched:", err.message);
    }
    const views = [["table", buildTable(vars, rows, labels)]];
    const chart = chartView(vars, rows, labels);
    if (chart) views.push(["chart", chart]);
    const map = mapView(vars, rows, labels);
    if (map) views.push(["map", map]);
    const parts = [el("h2", {}, t("workbench_results")), statusLine(data.results.bindings.length, elapsed)];
    if (truncated) parts.push(el("p", { class: "truncated", role: "alert" }, t("workbench_truncated", { n: rows.length })));
    if (views.length > 1) parts.push(tabs(views));
    parts.push(...views.map(([name, node]) => {
      node.classList.add("view");
      node.id = "view-" + name;
      node.hidden = name !== "table";
      if (views.length > 1) {
        node.setAttribute("role", "tabpanel");
        node.setAttribute("aria-labelledby", "tab-" + name);
      }
      return node;
    }));
    results.replaceChildren(...parts);
  }

  function tabs(views) {
    const VIEW_NAMES = { table: t("workbench_table"), chart: t("workbench_chart"), map: t("workbench_map") };
    const bar = el("div", { class: "views", role: "tablist" });
    for (const [name] of views) {
      const tab = el("button", {
        type: "button", role: "tab", id: "tab-" + name, "aria-controls": "view-" + name,
        "aria-selected": String(name === "table"),
      }, VIEW_NAMES[name]);
      tab.addEventListener("click", () => {
        for (const [other] of views) {
          document.getElementById("view-" + other).hidden = other !== name;
          document.getElementById("tab-" + other).setAttribute("aria-selected", String(other === name));
        }
      });
      bar.append(tab);
    }
    return bar;
  }

  // ------------------------------------------------------------------------------------------
  // Chart: counts (or the sum of a numeric column) per country or per year, as SVG bars.

  const COUNTRY = /\/id\/country\/[a-z]{2}$/;

  function columnWhere(vars, rows, test) {
    return vars.find((v) => {
      const cells = rows.map((r) => r[v]).filter(Boolean);
      return cells.length > 0 && cells.every(test);
    });
  }

  function yearOf(cell) {
    const match = /^-?\d{4}/.exec(cell.value);
    return match ? match[0] : null;
  }

  // The key: a country column, else a date or year column, else (when there is a number to
  // show) any other column of a short result, e.g. themes with their counts.
  function chartView(vars, rows, labels) {
    const present = (v) => rows.some((r) => r[v]);
    const numeric = vars.filter((v) => present(v) &&
      rows.every((r) => !r[v] || NUMERIC.has(r[v].datatype)));
    const country = columnWhere(vars, rows, (c) => c.type === "uri" && COUNTRY.test(c.value));
    const dated = columnWhere(vars, rows, (c) => DATES.has(c.datatype));
    const named = vars.find((v) => /year|date|decade/i.test(v) && present(v) &&
      rows.every((r) => !r[v] || yearOf(r[v]) !== null));
    const other = numeric.length && rows.length <= 100
      ? vars.find((v) => present(v) && !numeric.includes(v)) : null;
    const key = country || dated || named || other;
    if (!key) return null;
    const timeline = key === dated || key === named;
    const number = numeric.find((v) => v !== key);
    const totals = new Map();
    for (const row of rows) {
      const cell = row[key];
      if (!cell) continue;
      const name = timeline ? yearOf(cell) : cell.value;
      const add = number ? Number(row[number]?.value || 0) : 1;
      totals.set(name, (totals.get(name) || 0) + add);
    }
    const bars = [...totals].map(([name, value]) => {
      const label = labels.get(name);
      const text = label ? label.value : timeline ? name : shortIri(name);
      return { text, lang: label ? label["xml:lang"] || "" : "", value };
    });
    if (timeline) bars.sort((a, b) => collator.compare(a.text, b.text));
    else bars.sort((a, b) => b.value - a.value);
    const measure = number || t("workbench_count");
    const title = t("workbench_chart_of", { value: measure, key });
    return el("figure", { class: "chart-view" }, barChart(title, bars), el("figcaption", {}, title));
  }

  function barChart(title, bars) {
    const width = 640, row = 26, labelWidth = 200, gap = 8, valueSpace = 50;
    const rtl = document.documentElement.dir === "rtl";
    const top = Math.max(1, ...bars.map((b) => b.value));
    const scale = (width - labelWidth - gap - valueSpace) / top;
    const height = Math.max(row, bars.length * row);
    const chart = svg("svg", {
      class: "chart", viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img",
      "aria-label": title, direction: "ltr",
    }, svg("title", {}, title));
    bars.forEach((bar, i) => {
      const y = i * row, mid = y + row / 2 + 4, w = Math.max(1, bar.value * scale);
      const labelX = rtl ? width - labelWidth : labelWidth;
      const barX = rtl ? width - labelWidth - gap - w : labelWidth + gap;
      const valueX = rtl ? barX - 4 : barX + w + 4;
      const anchor = rtl ? "start" : "end";
      const text = bar.text.length > 28 ? bar.text.slice(0, 27) + "…" : bar.text;
      chart.append(svg("g", { class: "bar" },
        svg("title", {}, `${bar.text}: ${bar.value}`),
        svg("text", { x: labelX, y: mid, "text-anchor": anchor, class: "chart-label", "xml:lang": bar.lang }, text),
        svg("rect", { x: barX.toFixed(1), y: y + 4, width: w.toFixed(1), height: row - 8, rx: 2, class: "chart-bar" }),
        svg("text", { x: valueX.toFixed(1), y: mid, "text-anchor": rtl ? "end" : "start", class: "chart-value" }, String(bar.value)),
      ));
    });
    return chart;
  }

  // ------------------------------------------------------------------------------------------
  // Map: points from ?lat/?long pairs (any prefix or suffix) or WKT points; no tiles.

  const WKT_POINT = /^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)/i;

  function coordinateColumns(vars) {
    const pairs = [];
    for (const v of vars) {
      const m = /^(.*?)(lat|latitude)(.*)$/i.exec(v);
      if (!m) continue;
      const lon = vars.find((w) => new RegExp(`^${m[1]}(long|lon|lng|longitude)${m[3]}$`, "i").test(w));
      if (lon) pairs.push([v, lon]);
    }
    return pairs;
  }

  function pointsOf(row, pairs, wkts) {
    const points = [];
    for (const [lat, lon] of pairs) {
      if (row[lat] && row[lon]) points.push([Number(row[lon].value), Number(row[lat].value)]);
    }
    for (const v of wkts) {
      const m = row[v] && WKT_POINT.exec(row[v].value);
      if (m) points.push([Number(m[1]), Number(m[2])]);
    }
    return points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  }

  function rowName(row, vars, labels) {
    for (const v of vars) {
      const cell = row[v];
      if (cell && cell.type === "uri" && labels.has(cell.value)) return labels.get(cell.value).value;
      if (cell && cell.type === "literal" && !cell.datatype) return cell.value;
    }
    return "";
  }

  function mapView(vars, rows, labels) {
    const pairs = coordinateColumns(vars);
    const wkts = vars.filter((v) => rows.some((r) => r[v] && WKT_POINT.test(r[v].value)));
    if (!pairs.length && !wkts.length) return null;
    const located = rows.map((row) => [row, pointsOf(row, pairs, wkts)]).filter(([, p]) => p.length);
    if (!located.length) return null;
    const all = located.flatMap(([, p]) => p);
    const pad = 2;
    const minX = Math.min(...all.map((p) => p[0])) - pad, maxX = Math.max(...all.map((p) => p[0])) + pad;
    const minY = Math.min(...all.map((p) => p[1])) - pad, maxY = Math.max(...all.map((p) => p[1])) + pad;
    const width = 640, height = Math.max(200, Math.min(640, (width * (maxY - minY)) / (maxX - minX)));
    const x = (lon) => ((lon - minX) / (maxX - minX)) * width;
    const y = (lat) => height - ((lat - minY) / (maxY - minY)) * height;
    const title = count("workbench_points", all.length);
    const map = svg("svg", {
      class: "map", viewBox: `0 0 ${width} ${height.toFixed(0)}`, width: "100%", role: "img",
      "aria-label": title, direction: "ltr",
    }, svg("title", {}, title));
    for (let g = Math.ceil(minX / 10) * 10; g <= maxX; g += 10) {
      map.append(svg("line", { x1: x(g), x2: x(g), y1: 0, y2: height, class: "graticule" }));
    }
    for (let g = Math.ceil(minY / 10) * 10; g <= maxY; g += 10) {
      map.append(svg("line", { x1: 0, x2: width, y1: y(g), y2: y(g), class: "graticule" }));
    }
    for (const [row, points] of located) {
      const name = rowName(row, vars, labels);
      if (points.length > 1) {
        const [[x1, y1], [x2, y2]] = points;
        map.append(svg("line", { x1: x(x1), y1: y(y1), x2: x(x2), y2: y(y2), class: "link" }));
      }
      for (const [lon, lat] of points) {
        map.append(svg("circle", { cx: x(lon).toFixed(1), cy: y(lat).toFixed(1), r: 4, class: "point" },
          svg("title", {}, `${name} (${lat}, ${lon})`)));
      }
    }
    return el("figure", { class: "map-view" }, map, el("figcaption", {}, title));
  }

  // ------------------------------------------------------------------------------------------
  // Permalink, downloads and snippets follow the query (from /query/snippets: one source).

  let refreshTimer = null;

  async function refreshAround(query, remember = false) {
    clearTimeout(refreshTimer);
    if (!query.trim()) return;
    let info;
    try {
      const response = await fetch("/query/snippets?" + new URLSearchParams({ query, lang }));
      if (!response.ok) return;
      info = await response.json();
    } catch (err) {
      console.warn("snippets could not be fetched:", err.message);
      return;
    }
    permalinkLink.href = info.permalink;
    permalinkLink.hidden = false;
    if (remember) history.replaceState(null, "", info.permalink);
    document.getElementById("downloads").replaceChildren(...info.downloads.map((d) =>
      el("li", {}, el("a", {
        href: d.href, type: d.media_type, download: "results." + d.format,
        "data-format": d.format, dir: "ltr",
      }, d.format))));
    const open = document.querySelector("#snippets details[open]")?.dataset.snippet;
    document.getElementById("snippets").replaceChildren(...info.snippets.map((s, i) =>
      snippetNode(s, open ? s.id === open : i === 0)));
  }

  function snippetNode(snippet, open) {
    const code = el("code", { class: "language-" + snippet.language }, snippet.code);
    const copy = el("button", { type: "button", class: "copy" }, t("workbench_copy"));
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(snippet.code);
        copy.textContent = t("workbench_copied");
      } catch (err) {
        console.warn("copy failed:", err.message);
      }
    });
    const details = el("details", { class: "snippet", "data-snippet": snippet.id },
      el("summary", { dir: "ltr" }, snippet.label), copy, el("pre", { dir: "ltr", lang: "en" }, code));
    details.open = open;
    return details;
  }

  function changed() {
    paint();
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => refreshAround(textarea.value), 800);
  }

  // ------------------------------------------------------------------------------------------
  // Wiring

  root.querySelector(".editor").classList.add("highlighting");
  textarea.setAttribute("wrap", "off");
  document.getElementById("prefixes").hidden = false;
  for (const button of root.querySelectorAll("button.prefix")) {
    button.addEventListener("click", () => insertPrefix(button));
  }
  const select = document.getElementById("examples");
  document.getElementById("load-example").hidden = true;
  select.addEventListener("change", () => loadExample(select));
  select.form.addEventListener("submit", (event) => {
    event.preventDefault();
    loadExample(select);
  });
  root.querySelector(".editor").append(popup);
  textarea.setAttribute("role", "combobox");
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", "completions");
  textarea.setAttribute("aria-expanded", "false");
  textarea.addEventListener("input", () => {
    changed();
    complete();
  });
  textarea.addEventListener("blur", closeCompletion);
  textarea.addEventListener("scroll", syncScroll);
  textarea.addEventListener("keydown", (event) => {
    if (completionKeys(event)) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      closeCompletion();
      event.preventDefault();
      run();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  paint();
  for (const details of root.querySelectorAll("#snippets details")) {
    const code = details.querySelector("code").textContent;
    details.replaceWith(snippetNode({
      id: details.dataset.snippet, label: details.querySelector("summary").textContent,
      language: details.querySelector("code").className.replace("language-", ""), code,
    }, details.open));
  }
  if (new URLSearchParams(location.search).has("query") || document.getElementById("results-table")) {
    run();
  }
})();
