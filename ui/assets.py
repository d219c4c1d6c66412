"""The page's CSS and its one piece of JavaScript (citation markers -> evidence cards)."""

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
.qa-notice { font-size: .8rem; color: #92400e; }
.qa-abstained { border-left: 3px solid #d97706; padding-left: 10px; }
.qa-abstain-label { font-size: .72rem; font-weight: 700; letter-spacing: .06em;
  text-transform: uppercase; color: #b45309; }
.qa-pending { color: var(--body-text-color-subdued); font-style: italic; }

/* evidence panel */
#evidence { max-height: max(360px, calc(100vh - 200px)); overflow-y: auto !important;
  position: sticky; top: 12px; padding-right: 6px; }
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
.ev-meta { font-size: .72rem; color: var(--body-text-color-subdued); margin: 1px 0 6px;
  font-family: var(--font-mono); }
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

/* settings */
.qa-info { font-size: .78rem; border-collapse: collapse; }
.qa-info th { text-align: left; padding: 2px 10px 2px 0; font-weight: 600; }
.qa-info td code { font-size: .74rem; }

.dark a.cite, .dark .ev-marker { color: #bfdbfe !important; background: #1e3a8a; }
.dark .ev-card mark { background: #854d0e; }
.dark .ev-abstain { background: #451a03; color: #fde68a; border-color: #92400e; }
"""
