// Copy-to-clipboard for "Kopiera till journalen"; the page works without it (select + copy).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-kopiera]");
  if (!button) return;
  const field = document.getElementById(button.dataset.kopiera);
  field.select();
  navigator.clipboard.writeText(field.value).then(
    () => { document.getElementById("kopierad").textContent = "Kopierad."; },
    () => { document.getElementById("kopierad").textContent = "Markera texten och kopiera med Ctrl+C."; },
  );
});

// A citation moves the focus to its transcript segment (the :target style highlights it).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.kalla");
  if (!link) return;
  const segment = document.getElementById(link.hash.slice(1));
  if (segment) window.setTimeout(() => segment.focus(), 0);
});

// j / Alt+ArrowDown and k / Alt+ArrowUp move to the next and previous open flag; never
// while typing in a field.
const OPEN_FLAGS = '[data-beslut="oppen"]';

function typing(target) {
  return target instanceof Element && target.closest("input, textarea, select, [contenteditable]") !== null;
}

function step(event) {
  if (event.ctrlKey || event.metaKey || typing(event.target)) return 0;
  if ((!event.altKey && event.key === "j") || (event.altKey && event.key === "ArrowDown")) return 1;
  if ((!event.altKey && event.key === "k") || (event.altKey && event.key === "ArrowUp")) return -1;
  return 0;
}

function nextOf(flags, here, direction) {
  const current = flags.findIndex((flag) => flag.contains(here));
  if (current >= 0) return flags[(current + direction + flags.length) % flags.length];
  const after = (flag) => here.compareDocumentPosition(flag) & Node.DOCUMENT_POSITION_FOLLOWING;
  if (direction > 0) return flags.find(after) || flags[0];
  return [...flags].reverse().find((flag) => !after(flag)) || flags[flags.length - 1];
}

document.addEventListener("keydown", (event) => {
  const direction = step(event);
  const flags = [...document.querySelectorAll(OPEN_FLAGS)];
  if (!direction || flags.length === 0) return;
  event.preventDefault();
  const flag = nextOf(flags, document.activeElement || document.body, direction);
  flag.focus();
  flag.scrollIntoView({ block: "center" });
});

// e and Shift+E move to the next and previous transcript segment the note left out ("Ej med
// i anteckningen"); never while typing in a field or choosing a section.
const LEFT_OUT = "li.ej-med";

function leftOutStep(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return 0;
  if (event.key === "e") return 1;
  if (event.key === "E") return -1;
  return 0;
}

document.addEventListener("keydown", (event) => {
  const direction = leftOutStep(event);
  const segments = [...document.querySelectorAll(LEFT_OUT)];
  if (!direction || segments.length === 0) return;
  event.preventDefault();
  const segment = nextOf(segments, document.activeElement || document.body, direction);
  segment.focus();
  segment.scrollIntoView({ block: "center" });
});
