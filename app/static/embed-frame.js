// Inside an embedded portal form: tells the agency's page (embed.js) how tall this page is, so
// its iframe fits the form. The page must say hello first, from an origin the form allows
// (listed by the server in data-allowed-origins); the height goes to that origin only.
(function () {
  "use strict";

  var HELLO = "portal-form:hello";
  var HEIGHT = "portal-form:height";

  if (window.parent === window) return;
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
})();
