// For an agency's page that embeds a portal form: fits each form's iframe to its content.
//
//   <iframe src="https://portal/forms/<id>/embed" title="…" data-portal-form
//           width="100%" height="900"></iframe>
//   <script src="https://portal/assets/embed.js" defer></script>
//
// Without this script the form works the same, in an iframe of its own height that scrolls.
// Messages go only to the origin the iframe's src names, and only messages from that iframe's
// window and origin are read; the form answers only origins it allows (embed-frame.js).
(function () {
  "use strict";

  var HELLO = "portal-form:hello";
  var HEIGHT = "portal-form:height";
  var MAX_HEIGHT = 20000; // px: a bound, so a page cannot be made endlessly long

  function fit(iframe) {
    var origin;
    try {
      origin = new URL(iframe.src, document.baseURI).origin;
    } catch (error) {
      return;
    }

    function hello() {
      if (iframe.contentWindow) {
        iframe.contentWindow.postMessage({ type: HELLO }, origin);
      }
    }

    window.addEventListener("message", function (event) {
      if (event.origin !== origin || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (!data || data.type !== HEIGHT || typeof data.height !== "number") return;
      var height = Math.max(0, Math.min(MAX_HEIGHT, Math.ceil(data.height)));
      iframe.style.height = height + "px";
    });

    // Each page of the form is a new document: greet it, and bring its top into view when the
    // citizen moved on from a page scrolled past.
    iframe.addEventListener("load", function () {
      hello();
      if (iframe.getBoundingClientRect().top < 0) iframe.scrollIntoView();
    });
    // Loaded before this script ran: the form's page is there already (a page of another
    // origin has no contentDocument for us), so greet it now rather than wait for a load.
    if (!iframe.contentDocument) hello();
  }

  Array.prototype.forEach.call(document.querySelectorAll("iframe[data-portal-form]"), fit);
})();
