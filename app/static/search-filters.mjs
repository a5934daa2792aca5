// "Filter and sort" on small screens: the GOV.UK finder pattern, as a progressive enhancement.
//
// On a phone the search page's filters (a dozen or more checkboxes) came before the results, so
// the first result was screens away. Below GOV.UK Frontend's tablet breakpoint this shows the
// "Filter and sort" button (aria-expanded, aria-controls the filters' form) and hides the form
// until it is pressed; from the breakpoint up, the button hides and the form shows beside the
// results. Without this file (or JavaScript) the form shows, with its "Apply filters" button,
// and a "Skip to results" link jumps past it.
import { Component, createAll } from "/assets/govuk-frontend.min.js";

// GOV.UK Frontend's `govuk-media-query($until: tablet)`: narrower than 641px
const SMALL_SCREEN = "(max-width: 40.0525em)";

export class SearchFilters extends Component {
  static moduleName = "app-search-filters";

  constructor($root) {
    super($root);
    this.button = $root.querySelector(".app-search-filters__toggle");
    this.region = document.getElementById(this.button.getAttribute("aria-controls"));
    this.skip = $root.querySelector(".app-search__skip");
    this.open = false;
    this.small = window.matchMedia(SMALL_SCREEN);
    // a disclosure: focus stays on the button, and the form opens right after it
    this.button.addEventListener("click", () => {
      this.open = !this.open;
      this.update();
    });
    this.small.addEventListener("change", () => this.update());
    this.update();
  }

  update() {
    const small = this.small.matches;
    const collapsed = small && !this.open;
    this.button.hidden = !small;
    this.button.setAttribute("aria-expanded", String(!collapsed));
    this.region.hidden = collapsed;
    // past a collapsed form there is nothing to skip
    if (this.skip) this.skip.hidden = collapsed;
  }
}

export function initSearchFilters() {
  return createAll(SearchFilters);
}
