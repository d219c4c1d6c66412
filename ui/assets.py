"""The page's CSS and its JavaScript: citation markers -> evidence cards, "Show in
article" -> the passage in the Article tab, and Table 1's sort and filter."""

from __future__ import annotations

# Runs once on page load. A capture-phase listener on the document sees a click on a
# marker before the Chatbot's own link handling (which opens links in a new tab), opens
# the <details> holding the card, scrolls the card into view and flags it.
JS = """
() => {
  if (window.__qaCiteHandler) return;
  window.__qaCiteHandler = true;
  document.addEventListener('click', (ev) => {
    const link = ev.target && ev.target.closest ? ev.target.closest('a.cite') : null;
    if (!link) return;
    ev.preventDefault();
    ev.stopPropagation();
    const id = link.getAttribute('data-target') ||
      (link.getAttribute('href') || '').replace(/^#/, '');
    const card = document.getElementById(id);
    if (!card) return;
    for (let el = card.parentElement; el; el = el.parentElement) {
      if (el.tagName === 'DETAILS') el.open = true;
    }
    document.querySelectorAll('.ev-card.is-target').forEach((el) => {
      el.classList.remove('is-target');
    });
    card.classList.add('is-target');
    // Scroll the evidence panel, not the page; move the page only if the card's top
    // would still be out of sight (e.g. on a narrow screen where the panel is below).
    const panel = card.closest('#evidence');
    if (panel && panel.scrollHeight > panel.clientHeight + 2) {
      // A card taller than the panel is scrolled to its highlighted quote instead.
      const mark = card.querySelector('mark');
      const tall = card.getBoundingClientRect().height > panel.clientHeight;
      const anchor = mark && tall ? mark : card;
      const offset = anchor.getBoundingClientRect().top - panel.getBoundingClientRect().top;
      panel.scrollTop = panel.scrollTop + offset - (anchor === card ? 6 : 60);
    }
    const top = card.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 80) {
      card.scrollIntoView({behavior: 'smooth', block: 'start'});
    }
  }, true);
  // When a new answer's evidence arrives, show the panel from its top (the newest
  // question) instead of wherever the previous evidence was scrolled to. Gradio may
  // patch the panel's DOM in place, so the newest turn's id tells that it changed.
  let newest = null;
  new MutationObserver(() => {
    const panel = document.getElementById('evidence');
    if (!panel) return;
    const first = panel.querySelector('.ev-turn');
    const key = first ? first.id : 'empty';
    if (key !== newest) {
      if (newest !== null) panel.scrollTop = 0;
      newest = key;
    }
  }).observe(document.body, {childList: true, subtree: true});

  // "Show in article": open the Article tab, then scroll to the passage and flag it.
  const openTab = (name) => {
    const tab = [...document.querySelectorAll('button[role="tab"]')]
      .find((b) => b.textContent.trim() === name);
    if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click();
  };
  const showPassage = (id, tries) => {
    const el = document.getElementById(id);
    if (!el || el.offsetParent === null) {
      if (tries > 0) setTimeout(() => showPassage(id, tries - 1), 100);
      return;
    }
    document.querySelectorAll('.src-passage.is-target').forEach((x) => {
      x.classList.remove('is-target');
    });
    const grid = el.closest('table');
    if (grid && el.style.display === 'none') {  // a filtered-out row: clear the filter
      const filter = document.querySelector(`.src-filter[data-grid="${grid.id}"]`);
      if (filter) { filter.value = ''; filter.dispatchEvent(new Event('input', {bubbles: true})); }
    }
    el.classList.add('is-target');
    el.scrollIntoView({behavior: 'smooth', block: 'center'});
  };
  document.addEventListener('click', (ev) => {
    const t = ev.target && ev.target.closest ? ev.target : null;
    if (!t) return;
    const show = t.closest('button.ev-show');
    if (show) {
      ev.preventDefault();
      openTab('Article');
      showPassage(show.getAttribute('data-anchor'), 40);
      return;
    }
    // The marker label on a card leads back to the answer that cites it.
    const label = t.closest('.ev-card .ev-marker');
    if (label) {
      const card = label.closest('.ev-card');
      const link = card && document.querySelector(`a.cite[data-target="${card.id}"]`);
      if (link) link.scrollIntoView({behavior: 'smooth', block: 'center'});
      return;
    }
    const jump = t.closest('a.st-jump');
    if (jump) {
      ev.preventDefault();
      const card = document.getElementById('study-' + jump.getAttribute('data-n'));
      if (card) {
        card.scrollIntoView({behavior: 'smooth', block: 'start'});
        card.classList.add('is-target');
        setTimeout(() => card.classList.remove('is-target'), 2500);
      }
      return;
    }
    const sort = t.closest('button.src-sort');
    if (sort) {
      const th = sort.closest('th');
      const table = sort.closest('table');
      const col = Number(sort.getAttribute('data-col'));
      const asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach((h) => h.setAttribute('aria-sort', 'none'));
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      const body = table.tBodies[0];
      const cell = (r) => (r.cells[col] ? r.cells[col].textContent.trim() : '');
      const rows = [...body.rows].sort((a, b) => {
        const x = cell(a); const y = cell(b);
        const nx = parseFloat(x); const ny = parseFloat(y);
        const c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny
          : x.localeCompare(y, undefined, {numeric: true, sensitivity: 'base'});
        return asc ? c : -c;
      });
      rows.forEach((r) => body.appendChild(r));
    }
  }, false);
  document.addEventListener('input', (ev) => {
    const box = ev.target && ev.target.closest ? ev.target.closest('input.src-filter') : null;
    if (!box) return;
    const grid = document.getElementById(box.getAttribute('data-grid'));
    if (!grid) return;
    const words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const row of grid.tBodies[0].rows) {
      const text = row.textContent.toLowerCase();
      const keep = words.every((w) => text.includes(w));
      row.style.display = keep ? '' : 'none';
      shown += keep ? 1 : 0;
    }
    const n = box.parentElement.querySelector('.src-table-n');
    if (n) n.textContent = words.length ? `${shown} of ${grid.tBodies[0].rows.length} rows`
      : `${grid.tBodies[0].rows.length} rows · click a column name to sort`;
  });
}
"""

CSS = """
.gradio-container { max-width: 1480px !important; margin: 0 auto !important; }

/* header */
.qa-header { padding: 4px 2px 10px; border-bottom: 1px solid var(--border-color-primary); }
.qa-kicker { font-size: .72rem; letter-spacing: .08em; text-transform: uppercase;
  color: var(--body-text-color-subdued); font-weight: 600; }
.qa-header h1 { font-size: 1.45rem; line-height: 1.25; margin: 4px 0 4px; font-weight: 650;
  font-family: Georgia, 'Times New Roman', serif; }
.qa-byline { font-size: .88rem; color: var(--body-text-color-subdued); }
.qa-byline a { color: var(--link-text-color); }
.qa-lede { font-size: .85rem; margin-top: 6px; max-width: 70em;
  color: var(--body-text-color-subdued); }

/* chat */
#chat .qa-question { white-space: pre-wrap; }
.qa-answer p { margin: 0 0 .45em; line-height: 1.55; }
.qa-answer p:last-child { margin-bottom: 0; }
a.cite { display: inline-block; font-size: .78em; font-weight: 700; line-height: 1.2;
  padding: 0 .3em; margin: 0 .05em; border-radius: 4px; text-decoration: none !important;
  color: #1e40af !important; background: #dbeafe; vertical-align: .1em; cursor: pointer; }
a.cite:hover { background: #bfdbfe; }
.qa-meta { font-size: .78rem; color: var(--body-text-color-subdued); }
.qa-foot { display: flex; gap: .8em; flex-wrap: wrap; align-items: baseline; }
.qa-ref { font-size: .8em; color: var(--body-text-color-subdued); white-space: nowrap; }
.qa-ref span[title] { text-decoration: underline dotted; cursor: help; }
.qa-notice { font-size: .8rem; color: #92400e; }
.qa-abstained { border-left: 3px solid #d97706; padding-left: 10px; }
.qa-abstain-label { font-size: .72rem; font-weight: 700; letter-spacing: .06em;
  text-transform: uppercase; color: #b45309; }
.qa-pending { color: var(--body-text-color-subdued); font-style: italic; }

/* evidence panel: beside the chat, scrolling on its own, on a wide screen; under the
   chat and part of the page on a narrow one (no box scrolling apart from the page) */
@media (min-width: 900px) {
  #evidence { max-height: max(360px, calc(100vh - 200px)); overflow-y: auto !important;
    position: sticky; top: 12px; padding-right: 6px; }
}
@media (max-width: 899px) {
  #ask-row { flex-wrap: wrap !important; }
  #ask-row > #chat-col, #ask-row > #evidence-col { min-width: 100% !important; }
  /* short enough that the question box shows under the title on load */
  #chat { height: max(260px, calc(100vh - 500px)) !important; }
  .qa-header h1 { font-size: 1.2rem; }
}
/* nothing may run wider than the screen: long ids, URLs and quotes wrap */
.gradio-container { overflow-wrap: break-word; }
#chat .scroll-down-button-container { display: none !important; }  /* it covered markers */
.ev-title { font-weight: 650; font-size: .95rem; margin: 2px 0 6px; }
.ev-title span { font-weight: 400; font-size: .78rem; color: var(--body-text-color-subdued);
  margin-left: .4em; }
.ev-empty { color: var(--body-text-color-subdued); font-size: .9rem; line-height: 1.5;
  border: 1px dashed var(--border-color-primary); border-radius: 8px; padding: 12px 14px; }
.ev-turn { margin: 0 0 10px; }
.ev-turn > summary { cursor: pointer; font-size: .88rem; font-weight: 600; padding: 6px 2px;
  border-bottom: 1px solid var(--border-color-primary); }
.ev-qn { display: inline-block; font-size: .72rem; font-weight: 700; color: #fff;
  background: #475569; border-radius: 4px; padding: 0 .4em; margin-right: .3em; }
.ev-card { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 9px 12px 10px; margin: 10px 0; background: var(--background-fill-primary);
  scroll-margin-top: 8px; transition: box-shadow .3s, border-color .3s; }
.ev-card.is-target { border-color: #2563eb; box-shadow: 0 0 0 3px rgba(37, 99, 235, .25); }
.ev-head { display: flex; gap: .5em; align-items: baseline; }
.ev-marker { font-size: .78rem; font-weight: 700; color: #1e40af; background: #dbeafe;
  border-radius: 4px; padding: 0 .35em; white-space: nowrap; }
.ev-closest .ev-marker { color: #92400e; background: #fef3c7; }
.ev-path { font-size: .82rem; line-height: 1.35; }
.ev-path-parent { color: var(--body-text-color-subdued); font-size: .74rem; }
.ev-path-leaf { font-weight: 650; }
.ev-foot { display: flex; flex-wrap: wrap; gap: .3em .8em; align-items: baseline;
  margin-top: 6px; font-size: .72rem; color: var(--body-text-color-subdued); }
.ev-show, .src-sort { font: inherit; cursor: pointer; border: 1px solid var(--border-color-primary);
  background: var(--background-fill-secondary); border-radius: 4px; padding: 0 .5em;
  color: var(--link-text-color); }
.ev-details summary, .qa-details summary { cursor: pointer; display: inline; }
.ev-details code { font-size: .7rem; word-break: break-all; }
.ev-note { font-size: .8rem; margin: 6px 0 0; color: #92400e; }
.ev-note span { font-weight: 700; text-transform: uppercase; font-size: .68rem;
  letter-spacing: .05em; margin-right: .3em; }
.ev-refs-rest summary { cursor: pointer; color: var(--body-text-color-subdued); margin-top: 3px; }
.ev-head .ev-marker { cursor: pointer; }
.ev-text { font-family: Georgia, 'Times New Roman', serif; font-size: .92rem;
  line-height: 1.55; margin: 0; }
.ev-card mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.ev-row { width: 100%; border-collapse: collapse; font-size: .82rem; margin: 2px 0; }
.ev-row caption { caption-side: top; text-align: left; font-size: .78rem;
  color: var(--body-text-color-subdued); padding-bottom: 4px; }
.ev-row th, .ev-row td { border: 1px solid var(--border-color-primary); padding: 3px 7px;
  text-align: left; vertical-align: top; }
.ev-row th { width: 34%; font-weight: 600; background: var(--background-fill-secondary); }
.ev-printed { font-size: .72rem; margin-top: 4px; color: var(--body-text-color-subdued); }
.ev-printed code { white-space: pre-wrap; word-break: break-word; font-size: .72rem; }
.ev-refs { margin-top: 8px; padding-top: 6px; border-top: 1px dashed var(--border-color-primary);
  font-size: .78rem; line-height: 1.4; }
.ev-refs-h { font-weight: 600; font-size: .72rem; text-transform: uppercase;
  letter-spacing: .05em; color: var(--body-text-color-subdued); margin-bottom: 3px; }
.ev-refs ul { list-style: none; padding: 0; margin: 0; }
.ev-refs li { margin: 2px 0; padding-left: 2.6em; text-indent: -2.6em; }
.ev-ref-n { display: inline-block; width: 2.4em; text-indent: 0; font-weight: 600; }
.ev-missing, .ev-warn { color: #b45309; font-size: .78rem; }
.ev-abstain { background: #fffbeb; border: 1px solid #fcd34d; color: #78350f;
  border-radius: 8px; padding: 8px 12px; font-size: .85rem; margin: 8px 0; }
.ev-closest { border-style: dashed; border-color: #f59e0b; }
.ev-uncited { margin: 10px 0 4px; }
.ev-uncited > summary { cursor: pointer; font-size: .82rem;
  color: var(--body-text-color-subdued); }
.ev-uncited .ev-card { opacity: .92; }
.ev-uncited .ev-text { font-size: .85rem; }

/* examples: compact chips */
#examples button { font-size: .8rem !important; padding: 3px 9px !important;
  min-height: 0 !important; }
#examples .gallery { padding: 2px 0 !important; font-size: .8rem !important; }
#examples .label { font-size: .75rem; }

/* studies tab */
.st-count { font-size: .85rem; color: var(--body-text-color-subdued); }
.st-card { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 8px 12px; margin: 8px 0; scroll-margin-top: 8px; }
.st-card.is-target { border-color: #2563eb; box-shadow: 0 0 0 3px rgba(37, 99, 235, .25); }
.st-head { display: flex; gap: .5em; align-items: baseline; }
.st-n { font-weight: 700; color: #1e40af; white-space: nowrap; }
.st-title { font-weight: 600; font-family: Georgia, 'Times New Roman', serif; }
.st-authors, .st-journal, .st-raw { font-size: .82rem; color: var(--body-text-color-subdued); }
.st-journal { font-style: italic; }
.st-links { font-size: .8rem; margin: 3px 0; }
.st-cited summary { cursor: pointer; font-size: .8rem; }
.st-cited ul { margin: 4px 0; padding-left: 1.1em; font-size: .82rem; }
.st-cited li { margin: 4px 0; }
.st-where { color: var(--body-text-color-subdued); font-size: .76rem; }
.st-behind ul { font-size: .82rem; padding-left: 1.1em; margin: 4px 0; }
.st-behind p, .st-behind-empty { font-size: .85rem; margin: 2px 0; }

/* article tab */
.src-article { max-width: 60em; margin: 0 auto; }
.src-title { font-family: Georgia, 'Times New Roman', serif; font-size: 1.3rem; }
.src-h { margin: 1.1em 0 .4em; font-size: 1rem; }
.src-para, .src-caption { font-family: Georgia, 'Times New Roman', serif; line-height: 1.6;
  font-size: .95rem; }
.src-caption { font-size: .85rem; color: var(--body-text-color-subdued); }
.src-passage { scroll-margin-top: 60px; transition: background-color .4s; }
.src-passage.is-target, tr.src-passage.is-target td { background: #fde68a; }
.src-table { margin: 1em 0; }
.src-table-cap { font-size: .85rem; font-weight: 600; margin-bottom: 4px; }
.src-table-tools { display: flex; flex-wrap: wrap; gap: .5em; align-items: center;
  margin: 4px 0; font-size: .78rem; color: var(--body-text-color-subdued); }
.src-filter { border: 1px solid var(--border-color-primary); border-radius: 4px;
  padding: 3px 6px; min-width: 0; width: 16em; max-width: 100%; }
/* a scroll box of percentage width adds nothing to its parents' minimum width, so the
   wide grid scrolls inside it instead of widening the page */
.src-table-scroll { overflow-x: auto; width: 100%; max-width: calc(100vw - 48px); }
.src-grid { border-collapse: collapse; font-size: .8rem; min-width: 860px; }
.src-grid th, .src-grid td { border: 1px solid var(--border-color-primary); padding: 3px 6px;
  text-align: left; vertical-align: top; }
.src-grid th { background: var(--background-fill-secondary); position: sticky; top: 0; }
.src-grid th[aria-sort="ascending"] .src-sort::after { content: " ▲"; }
.src-grid th[aria-sort="descending"] .src-sort::after { content: " ▼"; }
.src-sort { border: none; background: none; padding: 0; font-weight: 600; text-align: left;
  color: inherit; }

/* settings */
.qa-info { font-size: .78rem; border-collapse: collapse; }
.qa-info th { text-align: left; padding: 2px 10px 2px 0; font-weight: 600; }
.qa-info td code { font-size: .74rem; }

.dark a.cite, .dark .ev-marker { color: #bfdbfe !important; background: #1e3a8a; }
.dark .ev-card mark { background: #854d0e; }
.dark .src-passage.is-target, .dark tr.src-passage.is-target td { background: #854d0e; }
.dark .ev-abstain { background: #451a03; color: #fde68a; border-color: #92400e; }
"""

# Gradio scopes `CSS` to the app's content; the page's own frame (its padding) is styled
# here, put into <head> unscoped.
HEAD = """<style>
@media (max-width: 899px) {
  .gradio-container .main.fillable { padding-left: 8px !important; padding-right: 8px !important; }
}
</style>"""
