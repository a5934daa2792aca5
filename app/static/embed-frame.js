// Inside an embedded portal form: tells the agency's page (embed.js) how tall this page is, so
// its iframe fits the form. The page must say hello first, from an origin the form allows
// (listed by the server in data-allowed-origins); the height goes to that origin only.
(function () {
  "use strict";

  var HELLO = "portal-form:hello";
  var HEIGHT = "portal-form:height";

  if (window.parent === window) return;
  leaveFrameByNewTab();
  var allowed = (document.body.getAttribute("data-allowed-origins") || "")
    .split(" ")
    .filter(Boolean);
  var parentOrigin = null;

  function send() {
    if (parentOrigin === null) return;
    var height = document.documentElement.getBoundingClientRect().height;
    window.parent.postMessage({ type: HEIGHT, height: height }, parentOrigin);
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || allowed.indexOf(event.origin) === -1) return;
    if (!event.data || event.data.type !== HELLO) return;
    parentOrigin = event.origin;
    send();
  });

  if ("ResizeObserver" in window) {
    new ResizeObserver(send).observe(document.documentElement);
  } else {
    window.addEventListener("resize", send);
  }

  // A link out of this embedded form would load its page inside the frame, where portal pages
  // refuse to be framed: it opens a new tab instead, and says so to screen readers as GOV.UK
  // does. The server marks the links it writes (the confirmation's Markdown, "Delete your
  // application"); this catches any other (an error page's), with JavaScript on.
  function leaveFrameByNewTab() {
    var flow = window.location.pathname.match(/^\/forms\/[^/]+\/embed(?=\/|$)/);
    var inside = window.location.origin + (flow ? flow[0] : "/");
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (link) {
      var href = link.getAttribute("href");
      if (link.target || /^(#|mailto:|tel:)/i.test(href)) return;
      var url = link.href;
      if (url === inside || url.indexOf(inside + "/") === 0 || url.indexOf(inside + "?") === 0) {
        return;
      }
      link.target = "_blank";
      link.rel = (link.rel ? link.rel + " " : "") + "noopener noreferrer";
      var announced = document.createElement("span");
      announced.className = "govuk-visually-hidden";
      announced.textContent = " " + (document.body.getAttribute("data-text-new-tab") || "(opens in new tab)");
      link.appendChild(announced);
    });
  }
})();
