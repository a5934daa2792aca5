// "Filter and sort" on small screens: the GOV.UK finder pattern, as a progressive enhancement.
//
// On a phone the search page's filters (a dozen or more checkboxes) would come before the
// results, so the first result would be screens away. Without JavaScript they are folded in a
// <details> ("Filter and sort", closed; shown beside the results from the tablet breakpoint up by
// the stylesheet). This opens the <details> for good and hides its summary, and then, below GOV.UK
// Frontend's tablet breakpoint, shows the "Filter and sort" button (aria-expanded, aria-controls
// the filters' form) and hides the form until it is pressed; from the breakpoint up, the button
// hides and the form shows beside the results.
import { Component, createAll } from "/assets/govuk-frontend.min.js";

// GOV.UK Frontend's `govuk-media-query($until: tablet)`: narrower than 641px
const SMALL_SCREEN = "(max-width: 40.0525em)";

export class SearchFilters extends Component {
  static moduleName = "app-search-filters";

  constructor($root) {
    super($root);
    this.button = $root.querySelector(".app-search-filters__toggle");
    this.region = document.getElementById(this.button.getAttribute("aria-controls"));
    // the button folds the form from here on, not the <details>
    const details = $root.querySelector(".app-search-filters__details");
    if (details) {
      details.open = true;
      details.querySelector("summary").hidden = true;
    }
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
  }
}

export function initSearchFilters() {
  return createAll(SearchFilters);
}
