// For an agency's page that embeds a portal form: fits each form's iframe to its content, and
// replaces a frame the portal refused with a link to the form on the portal.
//
//   <iframe src="https://portal/forms/<id>/embed" title="…" data-portal-form
//           width="100%" height="900" style="border: 0"></iframe>
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
  // ms the form's first page has, once loaded, to answer hello. Its script runs before the
  // frame's load event and answers at once, so only a refused frame stays silent this long.
  var ANSWER_WITHIN = 3000;
  var FORM_PATH = /^\/forms\/([^/]+)\/embed(?:\/|$)/;

  function fit(iframe) {
    var src;
    try {
      src = new URL(iframe.src, document.baseURI);
    } catch (error) {
      return;
    }
    var origin = src.origin;
    var answered = false;
    var waiting = null;

    // No default border, also where the page's Content-Security-Policy drops style attributes
    // (a style set through the DOM is not one).
    iframe.style.border = "0";

    function hello() {
      if (iframe.contentWindow) {
        iframe.contentWindow.postMessage({ type: HELLO }, origin);
      }
    }

    // Until the form has answered once: a frame the browser refused (the portal sends
    // frame-ancestors with only the form's allowed_origins) shows an error page that never
    // answers. Once it has, a slow later page is left alone.
    function expectAnswer() {
      if (answered) return;
      window.clearTimeout(waiting);
      waiting = window.setTimeout(function () {
        if (!answered && iframe.parentNode) refused(iframe, src);
      }, ANSWER_WITHIN);
    }

    window.addEventListener("message", function (event) {
      if (event.origin !== origin || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (!data || data.type !== HEIGHT || typeof data.height !== "number") return;
      answered = true;
      window.clearTimeout(waiting);
      var height = Math.max(0, Math.min(MAX_HEIGHT, Math.ceil(data.height)));
      iframe.style.height = height + "px";
    });

    // Each page of the form is a new document: greet it, and bring its top into view when the
    // citizen moved on from a page scrolled past.
    iframe.addEventListener("load", function () {
      hello();
      expectAnswer();
      if (iframe.getBoundingClientRect().top < 0) iframe.scrollIntoView();
    });
    // Loaded before this script ran: the form's page is there already (a page of another
    // origin has no contentDocument for us), so greet it now rather than wait for a load.
    if (!iframe.contentDocument) {
      hello();
      expectAnswer();
    }
  }

  // The frame is replaced by a link to the same form on the portal, where it always works, and
  // the console says which setting lets this page show the form.
  function refused(iframe, src) {
    var form = src.pathname.match(FORM_PATH);
    var formId = form ? form[1] : "";
    var link = document.createElement("a");
    link.href = src.origin + (form ? "/forms/" + formId : src.pathname);
    link.textContent =
      (iframe.title || "This form") + ": fill in the form on " + src.host;
    var paragraph = document.createElement("p");
    paragraph.className = "portal-form-fallback";
    paragraph.appendChild(link);
    iframe.parentNode.replaceChild(paragraph, iframe);
    if (window.console) {
      window.console.error(
        "Portal form " + JSON.stringify(formId) + ": the portal refused to be shown in a frame " +
          "on " + window.location.origin + ", so a link to the form is shown instead. To embed " +
          "it here, add " + JSON.stringify(window.location.origin) + " to allowed_origins in " +
          "content/forms/" + formId + ".yaml on the portal (see " + src.origin +
          "/developers/forms/" + formId + ")."
      );
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("iframe[data-portal-form]"), fit);
})();
