// Title completions for the search boxes, as a progressive enhancement.
//
// Turns each <input data-module="app-search-autocomplete"> into an ARIA 1.2 combobox with a
// listbox popup: typing asks /api/v1/search/suggest (debounced) for up to five page titles;
// Up and Down move through them, Enter or a click goes to the page, Escape closes the list.
// Without this file (or JavaScript) the box is a plain search form and works the same.

const SUGGEST_URL = "/api/v1/search/suggest";
const DELAY_MS = 200;
const MIN_CHARS = 2;

let boxes = 0;

class SearchAutocomplete {
  constructor(input) {
    this.input = input;
    this.id = `app-autocomplete-${++boxes}`;
    this.options = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.build();
    this.listen();
  }

  build() {
    const { input, id } = this;
    this.menu = document.createElement("ul");
    this.menu.id = `${id}-listbox`;
    this.menu.className = "app-autocomplete__menu";
    this.menu.setAttribute("role", "listbox");
    this.menu.setAttribute("aria-label", this.text("Menu", "Suggested pages"));
    this.menu.hidden = true;
    this.status = document.createElement("div");
    this.status.className = "govuk-visually-hidden";
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-atomic", "true");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.menu.id);
    input.setAttribute("autocomplete", "off"); // the browser's own list would cover ours
    input.parentElement.classList.add("app-autocomplete");
    input.insertAdjacentElement("afterend", this.menu);
    input.form.appendChild(this.status);
  }

  listen() {
    this.input.addEventListener("input", () => this.typed());
    this.input.addEventListener("keydown", (event) => this.key(event));
    this.input.addEventListener("blur", () => this.close());
    // mousedown would blur the input (closing the list) before the click lands
    this.menu.addEventListener("mousedown", (event) => event.preventDefault());
    this.menu.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  typed() {
    window.clearTimeout(this.timer);
    const text = this.input.value.trim();
    if (text.length < MIN_CHARS) {
      this.show([]);
      return;
    }
    this.timer = window.setTimeout(() => this.load(text), DELAY_MS);
  }

  async load(text) {
    if (this.request) this.request.abort();
    this.request = new AbortController();
    try {
      // the titles of the pages in the language of the page the box is on (<html lang>)
      const lang = document.documentElement.lang;
      const url = `${SUGGEST_URL}?q=${encodeURIComponent(text.slice(0, 200))}`
        + (lang ? `&lang=${encodeURIComponent(lang)}` : "");
      const response = await fetch(url, { signal: this.request.signal, headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      if (this.input.value.trim() === text) this.show(body.suggestions || [], true);
    } catch (error) {
      if (error.name !== "AbortError") this.show([]);
    }
  }

  show(suggestions, announce = false) {
    this.options = suggestions;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.menu.replaceChildren(...suggestions.map((suggestion, index) => {
      const option = document.createElement("li");
      option.id = `${this.id}-option-${index}`;
      option.className = "app-autocomplete__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      option.textContent = suggestion.title;
      return option;
    }));
    const open = suggestions.length > 0 && document.activeElement === this.input;
    this.menu.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    if (announce) {
      const count = suggestions.length;
      this.status.textContent = count === 0 ? this.text("None", "No suggestions")
        : this.counted(count);
    }
  }

  // The words come from the page, in its language (data-text-… on the input, from the message
  // catalogue: app/i18n/frontend_text.py); English when a page has none.
  text(name, english) {
    return this.input.dataset[`text${name}`] || english;
  }

  counted(count) {
    const rule = new Intl.PluralRules(document.documentElement.lang || "en").select(count);
    const name = rule[0].toUpperCase() + rule.slice(1);
    const english = `%{count} suggestion${count === 1 ? "" : "s"}. Use up and down arrows to choose.`;
    return this.text(`Count${name}`, this.text("CountOther", english)).replace("%{count}", count);
  }

  close() {
    window.clearTimeout(this.timer);
    this.menu.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  move(step) {
    const count = this.options.length;
    if (count === 0) return;
    if (this.menu.hidden) {
      this.menu.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }
    // one past either end returns to the text box, as in most browsers' own lists
    let next = this.active + step;
    if (next < -1) next = count - 1;
    if (next >= count) next = -1;
    this.highlight(next);
  }

  highlight(index) {
    this.active = index;
    [...this.menu.children].forEach((option, i) => {
      option.classList.toggle("app-autocomplete__option--focused", i === index);
      option.setAttribute("aria-selected", String(i === index));
    });
    if (index >= 0) {
      const option = this.menu.children[index];
      this.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  key(event) {
    const open = !this.menu.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        this.move(1);
        break;
      case "ArrowUp":
        if (!open) return;
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (open && this.active >= 0) {
          event.preventDefault(); // go to the page rather than search for the words
          this.choose(this.active);
        }
        break;
      case "Escape":
        if (open) {
          event.preventDefault();
          this.close();
        }
        break;
      default:
    }
  }

  choose(index) {
    const suggestion = this.options[index];
    if (!suggestion) return;
    this.input.value = suggestion.title;
    this.close();
    window.location.assign(suggestion.path);
  }
}

export function initSearchAutocomplete(root = document) {
  root.querySelectorAll('input[data-module="app-search-autocomplete"]').forEach((input) => {
    if (input.form && !input.hasAttribute("role")) new SearchAutocomplete(input);
  });
}
