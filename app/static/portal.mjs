// Portal's JavaScript entry point, loaded with <script type="module">.
//
// GOV.UK Frontend's components are progressive enhancements: every page
// works without this file. Browsers that cannot run ES modules never load it,
// which is exactly GOV.UK Frontend's own support test.
import { initAll } from "/assets/govuk-frontend.min.js";

// GOV.UK Frontend only initialises when <body> carries this class. Pages
// usually set it with an inline script; setting it here too keeps a strict
// Content-Security-Policy (no inline scripts) working.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

initAll();

// Title completions in the search boxes. Loaded on its own, so that if it fails the page and
// GOV.UK Frontend's components carry on as they are.
import("/assets/search-autocomplete.mjs")
  .then(({ initSearchAutocomplete }) => initSearchAutocomplete())
  .catch(() => {});

// "Filter and sort" on the search page, on small screens: also on its own.
import("/assets/search-filters.mjs")
  .then(({ initSearchFilters }) => initSearchFilters())
  .catch(() => {});

// "Copy" buttons on the API reference's examples, on the pages that have any: on their own too.
if (document.querySelector("pre.app-api-example")) {
  import("/assets/copy-examples.mjs")
    .then(({ initCopyButtons }) => initCopyButtons())
    .catch(() => {});
}
