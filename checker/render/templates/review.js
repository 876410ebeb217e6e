/* Review decisions, only when the page is served by the local review app. Each form POSTs JSON
   {finding_id, state, note, reviewer} to the app's post_url with the CSRF token in the
   X-CSRF-Token header, then updates the finding's badge from the answer (or from what was sent).
   Text goes in with textContent only, never as HTML. */
(function () {
  "use strict";
  var dataEl = document.getElementById("report-data");
  var cfg = dataEl ? (JSON.parse(dataEl.textContent) || {}).app : null;
  if (!cfg || !cfg.post_url) { return; }

  function setText(card, role, text) {
    var el = card.querySelector("[data-role='" + role + "']");
    if (el) { el.textContent = text || ""; }
  }

  function update(form, review) {
    var card = form.closest("article.finding");
    if (!card) { return; }
    card.setAttribute("data-state", review.state);
    var badge = card.querySelector("[data-role='state']");
    if (badge) {
      var known = ["confirmed", "dismissed", "follow-up"].indexOf(review.state) >= 0;
      badge.className = "badge state-" + (known ? review.state : "other");
      badge.textContent = review.state;
    }
    setText(card, "reviewer", review.reviewer);
    setText(card, "decided_at", review.decided_at);
    setText(card, "note", review.note);
    document.dispatchEvent(new CustomEvent("decision-change", { detail: { finding: form.getAttribute("data-finding") } }));
  }

  function submit(form, event) {
    event.preventDefault();
    var fields = new FormData(form);
    var status = form.querySelector(".status");
    var body = {
      finding_id: form.getAttribute("data-finding"),
      state: fields.get("state") || "",
      note: fields.get("note") || "",
      reviewer: fields.get("reviewer") || ""
    };
    if (!body.state) { status.textContent = "Choose a decision first."; return; }
    status.textContent = "Saving…";
    fetch(cfg.post_url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": cfg.csrf_token },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json().catch(function () { return {}; });
    }).then(function (answer) {
      var saved = (answer && answer.review) || answer || {};
      update(form, {
        state: saved.state || body.state, reviewer: saved.reviewer || body.reviewer,
        note: saved.note !== undefined ? saved.note : body.note, decided_at: saved.decided_at || ""
      });
      status.textContent = "Saved";
    }).catch(function (err) {
      status.textContent = "Not saved: " + err.message;
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.decide"), function (form) {
    form.addEventListener("submit", function (event) { submit(form, event); });
  });
})();
