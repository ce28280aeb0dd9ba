// An area written as the pages write it (core.geometry.format_ha_a_ca, the |ha_a_ca filter): « 1 ha 23 a 45 ca »,
// whole square metres rounded half to even as Python rounds them, ares and centiares on two digits, the
// hectares' thousands apart by a narrow no-break space, no-break spaces inside so that it never wraps. The
// map's popups use it (map.js); tests/web/test_map_areas.py runs it with node against the Python formatter.
function landregHaACa(areaM2) {
  "use strict";
  var total = Math.round(areaM2);
  if (areaM2 - Math.floor(areaM2) === 0.5 && total % 2 !== 0) { total -= 1; }  // Python's round(): to even
  var ha = Math.floor(total / 10000), a = Math.floor((total % 10000) / 100), ca = total % 100;
  function two(n) { return (n < 10 ? "0" : "") + n; }
  var hectares = String(ha).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  return hectares + "\u00a0ha\u00a0" + two(a) + "\u00a0a\u00a0" + two(ca) + "\u00a0ca";
}

if (typeof module !== "undefined") { module.exports = landregHaACa; }  // node, for the tests
