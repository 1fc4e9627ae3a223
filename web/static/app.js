/* news-search: small enhancements. Everything works without this file: facets, dates,
   paging and sorting are plain links and a GET form. Here: the facet filter box (with the
   API for values beyond the loaded ones), histogram brushing, "/" to focus the search box,
   and the article page's "back to results". No innerHTML: text goes in as textContent. */
(function () {
  "use strict";

  function searchParams() {
    var params = new URLSearchParams(window.location.search);
    params.delete("page");
    return params;
  }

  /* ---- facet filter box ------------------------------------------------------------- */
  function setupFacet(section) {
    var input = section.querySelector(".facet-filter");
    if (!input || !section.hasAttribute("data-long")) return;  // short lists need none
    input.hidden = false;
    var name = section.getAttribute("data-facet");
    var truncated = section.hasAttribute("data-truncated");
    var details = section.querySelector(".facet-more");
    var found = section.querySelector(".facet-found");
    var items = Array.prototype.slice.call(section.querySelectorAll(".facet-values li"))
      .filter(function (li) { return !found.contains(li); });
    var timer = null;
    var seq = 0;
    var wasOpen = null;

    function matches(label, text) {
      label = label.toLowerCase();
      if (label.indexOf(text) === 0) return true;
      return label.split(/\s+/).some(function (w) { return w.indexOf(text) === 0; });
    }

    function fetchMore(text, shown) {
      var mine = ++seq;
      var params = searchParams();
      params.set("prefix", text);
      params.set("limit", "15");
      fetch("/api/facets/" + encodeURIComponent(name) + "?" + params.toString())
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || mine !== seq) return;
          while (found.firstChild) found.removeChild(found.firstChild);
          data.values.forEach(function (v) {
            if (shown[v.value]) return;  // v.value: the name shown
            var li = document.createElement("li");
            var a = document.createElement("a");  // as _facets.html's facet_item
            a.href = v.toggle_url;
            a.setAttribute("data-label", v.value);
            a.setAttribute("data-focus-key", name + ":" + v.key);
            a.setAttribute("role", "checkbox");
            a.setAttribute("aria-checked", v.selected ? "true" : "false");
            a.title = v.selected ? "Remove this filter" : "Add to the filters";
            if (v.selected) li.className = "selected";
            var box = document.createElement("span"); box.className = "box";
            box.setAttribute("aria-hidden", "true");
            var label = document.createElement("span"); label.className = "label";
            label.textContent = v.value;
            var count = document.createElement("span"); count.className = "count";
            count.textContent = v.count.toLocaleString("en");
            var unit = document.createElement("span"); unit.className = "visually-hidden";
            unit.textContent = v.count === 1 ? " article" : " articles";
            a.appendChild(box); a.appendChild(label); a.appendChild(count);
            a.appendChild(unit);
            li.appendChild(a);
            var profile = document.createElement("a");
            profile.className = "profile";
            profile.href = "/entities/" + encodeURIComponent(name) + "/" +
              encodeURIComponent(v.value);
            profile.title = v.value + ": articles over time, who appears with them";
            profile.textContent = "profile";
            var who = document.createElement("span"); who.className = "visually-hidden";
            who.textContent = " of " + v.value;
            profile.appendChild(who);
            li.appendChild(profile);
            found.appendChild(li);
          });
          found.hidden = !found.firstChild;
        })
        .catch(function () { /* the filter box is an extra; the links still work */ });
    }

    input.addEventListener("input", function () {
      var text = input.value.trim().toLowerCase();
      var shown = {};
      items.forEach(function (li) {
        var a = li.querySelector("a");
        var label = a ? a.getAttribute("data-label") || "" : "";
        var ok = !text || matches(label, text);
        li.hidden = !ok;
        if (ok) shown[label] = true;
      });
      if (details && text) {
        if (wasOpen === null) wasOpen = details.open;
        details.open = true;  // search the whole loaded list
      } else if (details && wasOpen !== null) {
        details.open = wasOpen;  // filter cleared: back to how the reader left it
        wasOpen = null;
      }
      clearTimeout(timer);
      found.hidden = true;
      seq++;
      if (text && truncated) {
        timer = setTimeout(function () { fetchMore(text, shown); }, 200);
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var first = Array.prototype.slice.call(section.querySelectorAll(".facet-values li a"))
        .filter(function (a) { return a.offsetParent !== null; })[0];
      if (first) { event.preventDefault(); window.location.href = first.href; }
    });
  }

  /* ---- histogram brushing ----------------------------------------------------------- */
  function setupHistogram(svg) {
    // Every bar, empty ones (no link) too: a drag may start or end on one.
    var bars = Array.prototype.slice.call(svg.querySelectorAll(".bar"));
    var start = null, end = null, dragged = false;

    function paint() {
      var lo = Math.min(start, end), hi = Math.max(start, end);
      bars.forEach(function (bar, i) {
        bar.classList.toggle("brushing", start !== null && i >= lo && i <= hi);
      });
    }
    function barAt(event) {
      var el = document.elementFromPoint(event.clientX, event.clientY);
      var bar = el && el.closest ? el.closest(".bar") : null;
      return bar && svg.contains(bar) ? Number(bar.getAttribute("data-index")) : null;
    }
    svg.addEventListener("pointerdown", function (event) {
      var i = barAt(event);
      if (i === null || event.button !== 0) return;
      event.preventDefault();  // no native link drag or text selection
      start = end = i; dragged = false;
      paint();
    });
    window.addEventListener("pointermove", function (event) {
      if (start === null) return;
      var i = barAt(event);
      if (i !== null && i !== end) { end = i; dragged = dragged || end !== start; paint(); }
    });
    window.addEventListener("pointerup", function () {
      if (start === null) return;
      var lo = Math.min(start, end), hi = Math.max(start, end);
      var wasDrag = dragged;
      start = end = null;
      if (!wasDrag) { paint(); return; }  // a plain click follows the bar's own link
      // On an entity page the bars narrow the search it names (data-search).
      var base = svg.getAttribute("data-search");
      var target = base ? new URL(base, window.location.href) : null;
      var params = target ? target.searchParams : searchParams();
      params.set("from", bars[lo].getAttribute("data-key"));
      params.set("to", bars[hi].getAttribute("data-key"));
      var path = target ? target.pathname : window.location.pathname;
      window.location.href = path + "?" + params.toString();
    });
    svg.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); dragged = false; }
    }, true);
  }

  /* ---- small things ---------------------------------------------------------------- */
  function setupKeys() {
    var q = document.getElementById("q");
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (event.key === "/" && tag !== "input" && tag !== "textarea" && q) {
        event.preventDefault();
        q.focus();
        q.select();
      }
    });
  }

  /* The GET form would send its empty fields ("from=&to="): leave them out. */
  function setupForm() {
    var form = document.getElementById("search-form");
    if (!form) return;
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && !el.value.trim()) el.disabled = true;
      });
      window.setTimeout(function () {  // usable again if the page is kept (bfcache)
        Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
      }, 0);
    });
  }

  /* Facet values and bars are links: toggling one loads a new page, where the focus
     would start again at the top. The control that was toggled gets it back. */
  var FOCUS_KEY = "news-search-focus";
  function setupFocus() {
    document.addEventListener("click", function (event) {
      var el = event.target.closest ? event.target.closest("[data-focus-key]") : null;
      if (!el) return;
      try { window.sessionStorage.setItem(FOCUS_KEY, el.getAttribute("data-focus-key")); }
      catch (e) { /* storage off: the focus starts at the top, as without JavaScript */ }
    });
    var key = null;
    try {
      key = window.sessionStorage.getItem(FOCUS_KEY);
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { return; }
    if (!key) return;
    var target = Array.prototype.filter.call(
      document.querySelectorAll("[data-focus-key]"),
      function (el) { return el.getAttribute("data-focus-key") === key; }
    )[0];
    if (target) {
      var more = target.closest("details");
      if (more) more.open = true;
      // On a phone the filters are folded away: open them again where the user was.
      var panel = target.closest("#filters");
      if (panel && !target.offsetParent) {
        window.location.hash = "filters";
        window.setTimeout(function () { target.focus(); }, 0);  // after the jump
      } else {
        target.focus();
      }
    }
  }

  /* A facet value looks like a checkbox and says it is one (role="checkbox"): Space
     toggles it as Enter does. */
  function setupCheckboxLinks() {
    document.addEventListener("keydown", function (event) {
      var el = event.target;
      if (event.key !== " " || !el.matches || !el.matches('a[role="checkbox"]')) return;
      event.preventDefault();
      el.click();
    });
  }

  function setupBack() {
    var link = document.querySelector("[data-back]");
    if (!link) return;
    var ref = document.referrer;
    if (ref && ref.indexOf(window.location.origin + "/") === 0 && window.history.length > 1) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.history.back();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".facet-entity"), setupFacet);
    Array.prototype.forEach.call(document.querySelectorAll("svg.histogram"), setupHistogram);
    setupKeys();
    setupForm();
    setupBack();
    setupFocus();
    setupCheckboxLinks();
  });
})();
