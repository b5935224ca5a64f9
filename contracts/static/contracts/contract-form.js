// Offer only the sub-types of the chosen contract type. Without JavaScript the
// sub-types are grouped under their type and the server checks the pair.
document.addEventListener("DOMContentLoaded", function () {
  var type = document.getElementById("id_contract_type");
  var subtype = document.getElementById("id_subtype");
  if (!type || !subtype) return;
  var labels = {};
  Array.prototype.forEach.call(type.options, function (o) { labels[o.value] = o.text; });
  function update() {
    var wanted = labels[type.value];
    Array.prototype.forEach.call(subtype.querySelectorAll("optgroup"), function (group) {
      var show = !type.value || group.label === wanted;
      group.hidden = !show;
      group.disabled = !show;
    });
    // The same code (technical_secret, other_ip) exists under two types: keep the one
    // under the visible type, or clear the choice.
    var value = subtype.value;
    if (value) {
      var match = subtype.querySelector('optgroup:not([disabled]) option[value="' + value + '"]');
      if (match) match.selected = true; else subtype.value = "";
    }
    var visible = subtype.querySelectorAll("optgroup:not([disabled]) option");
    if (type.value && visible.length === 1) subtype.value = visible[0].value;
  }
  type.addEventListener("change", update);
  update();
});
