// Gives every code block a Copy button. The page works without it: without JavaScript there
// is no button (and nothing that does not work), the code can still be selected by hand.
// The button is a real <button>, so it is in the tab order and works with Enter and Space;
// one polite live region says "Copied" to screen readers, the button says it to the eye.

const status = document.createElement("p");
status.className = "visually-hidden";
status.setAttribute("role", "status");
status.setAttribute("aria-live", "polite");
document.body.append(status);

/** Copies text with the Clipboard API, or, where a page is not served securely, a selection. */
async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");
  area.className = "visually-hidden";
  area.value = text;
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) {
    throw new Error("copy refused");
  }
}

for (const code of document.querySelectorAll("main pre > code")) {
  const pre = code.parentElement;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = "Copy";
  button.addEventListener("click", async () => {
    let said;
    try {
      await copy(code.textContent);
      said = "Copied";
    } catch {
      said = "Copy failed: select the code and copy it";
    }
    button.textContent = said === "Copied" ? "Copied" : "Copy";
    // Emptied first, so saying "Copied" again is announced again.
    status.textContent = "";
    setTimeout(() => {
      status.textContent = said;
    }, 50);
    setTimeout(() => {
      button.textContent = "Copy";
    }, 2000);
  });
  pre.classList.add("copyable");
  pre.append(button);
}
