/* Rumbo console: live queue, SMS segment counter, canned replies. No dependencies, no CDN.
 *
 * The GSM-7 tables below mirror bot/gsm7.py exactly (tests/console/test_static.py compares
 * them), so the counter shows what the person will really pay before a caseworker sends. */
"use strict";

/* gsm7-tables:start */
const GSM7_BASIC = new Set(Array.from("\n\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz\u00a1\u00a3\u00a4\u00a5\u00a7\u00bf\u00c4\u00c5\u00c6\u00c7\u00c9\u00d1\u00d6\u00d8\u00dc\u00df\u00e0\u00e4\u00e5\u00e6\u00e8\u00e9\u00ec\u00f1\u00f2\u00f6\u00f8\u00f9\u00fc\u0393\u0394\u0398\u039b\u039e\u03a0\u03a3\u03a6\u03a8\u03a9"));
const GSM7_EXTENSION = new Set(Array.from("\f[\\]^{|}~\u20ac"));
const TRANSLITERATION = {"\t": " ", "`": "'", "\u00a0": " ", "\u00aa": "a", "\u00ab": "\"", "\u00b0": "o", "\u00b4": "'", "\u00ba": "o", "\u00bb": "\"", "\u00c1": "A", "\u00c2": "A", "\u00c3": "A", "\u00c8": "E", "\u00ca": "E", "\u00cd": "I", "\u00ce": "I", "\u00d3": "O", "\u00d4": "O", "\u00d5": "O", "\u00da": "U", "\u00db": "U", "\u00e1": "a", "\u00e2": "a", "\u00e3": "a", "\u00e7": "c", "\u00ea": "e", "\u00ed": "i", "\u00ee": "i", "\u00f3": "o", "\u00f4": "o", "\u00f5": "o", "\u00fa": "u", "\u00fb": "u", "\u2009": " ", "\u200b": "", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": "\"", "\u201d": "\"", "\u201e": "\"", "\u2022": "-", "\u2026": "...", "\u202f": " ", "\u2032": "'", "\u2033": "\"", "\u2212": "-"};
/* gsm7-tables:end */

function transliterate(text) {
  let out = "";
  for (const ch of text) {
    out += Object.prototype.hasOwnProperty.call(TRANSLITERATION, ch) ? TRANSLITERATION[ch] : ch;
  }
  return out;
}

function isGsm7(text) {
  for (const ch of text) {
    if (!GSM7_BASIC.has(ch) && !GSM7_EXTENSION.has(ch)) return false;
  }
  return true;
}

/* Septets for GSM-7, UTF-16 code units for UCS-2 (JS string length is UTF-16 already). */
function smsCost(raw) {
  const text = transliterate(raw);
  const gsm = isGsm7(text);
  let units = 0;
  if (gsm) {
    for (const ch of text) units += GSM7_EXTENSION.has(ch) ? 2 : 1;
  } else {
    units = text.length;
  }
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  const segments = units === 0 ? 1 : units <= single ? 1 : Math.ceil(units / multi);
  return { units: units, segments: segments, encoding: gsm ? "GSM-7" : "UCS-2" };
}

function setupCounter() {
  const area = document.getElementById("reply-text");
  const counter = document.getElementById("sms-counter");
  const send = document.getElementById("send-reply");
  if (!area || !counter || area.dataset.channel !== "sms") return;
  const max = parseInt(area.dataset.maxSegments || "2", 10);
  const update = () => {
    const cost = smsCost(area.value);
    const over = cost.segments > max;
    /* The words come from the page (its catalogue language): {n} {s} {e} and {max}. */
    const words = area.dataset.counter || "{n} characters · {s} SMS · {e}";
    const tooLong = area.dataset.tooLong || "too long: at most {max} SMS";
    counter.textContent = words.replace("{n}", cost.units).replace("{s}", cost.segments)
      .replace("{e}", cost.encoding) + (over ? " · " + tooLong.replace("{max}", max) : "");
    counter.classList.toggle("over", over);
    counter.dataset.segments = String(cost.segments);
    if (send) send.disabled = over;
  };
  area.addEventListener("input", update);
  update();
}

function setupCanned() {
  const select = document.getElementById("canned");
  const area = document.getElementById("reply-text");
  if (!select || !area) return;
  select.addEventListener("change", () => {
    if (!select.value) return;
    area.value = area.value ? area.value + "\n" + select.value : select.value;
    select.value = "";
    area.dispatchEvent(new Event("input"));
    area.focus();
  });
}

function setupQueue() {
  const rows = document.getElementById("queue-rows");
  if (!rows || !rows.dataset.src) return;
  const every = parseInt(rows.dataset.interval || "5000", 10);
  const refresh = async () => {
    try {
      const response = await fetch(rows.dataset.src, {
        credentials: "same-origin", headers: { "Accept": "text/html" }, cache: "no-store",
      });
      if (response.status === 401) { window.location.assign("/console/login"); return; }
      if (response.ok) rows.innerHTML = await response.text();
    } catch (error) {
      /* offline for a moment: the next poll tries again */
    }
  };
  window.setInterval(refresh, every);
}

document.addEventListener("DOMContentLoaded", () => {
  setupCounter();
  setupCanned();
  setupQueue();
});
