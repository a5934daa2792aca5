// "Copy" buttons for the API reference's examples (/developers/api): a progressive enhancement.
//
// Each example (a <pre class="app-api-example">: a request in curl or Python, a body, a response)
// gets a button after it that copies the example's text to the clipboard. "Copied" is said in a
// live region (role="status"), so screen readers announce it, and on the button for a moment.
// Without this file, JavaScript or a clipboard the browser allows, no button shows and the
// examples are text to select, as before.
const EXAMPLES = "pre.app-api-example";
const SHOWN_FOR_MS = 3000;

// What the example is, for the button's name: its heading (aria-labelledby, or the line before
// it) and its section's, so that a screen reader's list of buttons tells them apart.
function describe(pre) {
  const label = pre.getAttribute("aria-labelledby");
  const heading = label ? document.getElementById(label) : pre.previousElementSibling;
  const what = (heading?.textContent || "Example").trim().replace(/:$/, "");
  const title = pre.closest("section")?.querySelector("h3") || null;
  if (!title) return what;
  // the method, path and summary are elements side by side: words apart
  const words = Array.from(title.childNodes, (node) => node.textContent.trim()).filter(Boolean);
  return `${what}, ${words.join(" ")}`;
}

function copyButton(pre, status) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary app-copy-button";
  const word = document.createElement("span");
  word.textContent = "Copy";
  const what = document.createElement("span");
  what.className = "govuk-visually-hidden";
  what.textContent = ` ${describe(pre)}`;
  button.append(word, what);
  let timer;
  button.addEventListener("click", async () => {
    status.textContent = ""; // the same words again are announced again
    try {
      await navigator.clipboard.writeText(pre.textContent);
      word.textContent = "Copied";
      status.textContent = `Copied: ${what.textContent.trim()}`;
    } catch (error) {
      status.textContent = "Your browser did not allow copying: select the example and copy it.";
    }
    clearTimeout(timer);
    timer = setTimeout(() => { word.textContent = "Copy"; }, SHOWN_FOR_MS);
  });
  pre.after(button);
  return button;
}

export function initCopyButtons(scope = document) {
  const examples = scope.querySelectorAll(EXAMPLES);
  if (!examples.length || !navigator.clipboard) return [];
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.dataset.copyStatus = "";
  // in the page before anything is said in it, or screen readers miss the first message
  (scope.querySelector("main") || document.body).append(status);
  return Array.from(examples, (pre) => copyButton(pre, status));
}
