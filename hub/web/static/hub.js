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
