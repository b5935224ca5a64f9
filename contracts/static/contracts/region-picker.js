// Province → prefecture → county pickers over the plain select of GB/T 2260 codes.
// Without JavaScript the plain select (grouped by "province · prefecture") is used as
// it is; with it, three selects drive it and the plain one is hidden but still submitted.
// Also shows the transfer-only fields (预计新增投入/产值) for technology transfers only.
(function () {
  "use strict";

  function option(value, text, selected) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    if (selected) o.selected = true;
    return o;
  }

  function labelled(select, text, id) {
    var wrap = document.createElement("label");
    wrap.className = "region-part";
    var span = document.createElement("span");
    span.textContent = text;
    select.id = id;
    wrap.appendChild(span);
    wrap.appendChild(select);
    return wrap;
  }

  function build(plain) {
    var tree = {};
    var provinces = [];
    Array.prototype.forEach.call(plain.querySelectorAll("optgroup"), function (group) {
      var parts = group.label.split(" · ");
      var province = parts[0];
      var city = parts.length > 1 ? parts[1] : province;
      if (!tree[province]) { tree[province] = { cities: {}, order: [] }; provinces.push(province); }
      if (!tree[province].cities[city]) { tree[province].cities[city] = []; tree[province].order.push(city); }
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (o) {
        tree[province].cities[city].push({ value: o.value, text: o.textContent.split(" · ")[0] });
      });
    });
    var chosen = plain.options[plain.selectedIndex];
    // A saved code outside the table: keep the plain select, which shows it.
    if (chosen && chosen.value && !chosen.parentNode.label) return;

    var start = { province: "", city: "" };
    if (chosen && chosen.value) {
      var parts = chosen.parentNode.label.split(" · ");
      start.province = parts[0];
      start.city = parts.length > 1 ? parts[1] : parts[0];
    }
    var province = document.createElement("select");
    var city = document.createElement("select");
    var district = document.createElement("select");
    var blank = plain.options.length && !plain.options[0].value ? plain.options[0].textContent : "";
    province.appendChild(option("", blank));
    provinces.forEach(function (name) { province.appendChild(option(name, name, name === start.province)); });

    function fillCities() {
      city.textContent = "";
      city.appendChild(option("", blank));
      var entry = tree[province.value];
      if (entry) entry.order.forEach(function (name) { city.appendChild(option(name, name, name === start.city)); });
      city.disabled = !entry;
      fillDistricts();
    }
    function fillDistricts() {
      district.textContent = "";
      district.appendChild(option("", blank));
      var entry = tree[province.value];
      var list = entry && entry.cities[city.value];
      if (list) list.forEach(function (d) { district.appendChild(option(d.value, d.text, d.value === plain.value)); });
      district.disabled = !list;
      if (list && list.length === 1) district.value = list[0].value;
      plain.value = district.value;
    }
    province.addEventListener("change", function () { start.city = ""; fillCities(); });
    city.addEventListener("change", fillDistricts);
    district.addEventListener("change", function () { plain.value = district.value; });

    var box = document.createElement("div");
    box.className = "region-picker";
    var base = plain.id || "region";
    box.appendChild(labelled(province, plain.getAttribute("data-label-province"), base + "_province"));
    box.appendChild(labelled(city, plain.getAttribute("data-label-city"), base + "_city"));
    box.appendChild(labelled(district, plain.getAttribute("data-label-district"), base + "_district"));
    plain.parentNode.insertBefore(box, plain.nextSibling);
    plain.hidden = true;
    plain.setAttribute("tabindex", "-1");
    fillCities();
  }

  function transferOnly() {
    var type = document.getElementById("id_contract_type");
    var inputs = document.querySelectorAll("input[data-transfer-only]");
    if (!type || !inputs.length) return;
    function update() {
      Array.prototype.forEach.call(inputs, function (input) {
        var field = input.closest(".field") || input.parentNode;
        var show = type.value === "transfer" || input.value !== "";
        field.hidden = !show;
      });
    }
    type.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-region-picker]"), build);
    transferOnly();
  });
})();
