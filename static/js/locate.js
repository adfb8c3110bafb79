// "Use my location": fills the search form with the browser's position, rounded to about a
// kilometre before it leaves the device. Without JavaScript the button never shows and the
// postcode box does the same job.
const ROUND = 100;

for (const form of document.querySelectorAll("form.waymark-search")) {
  const box = form.querySelector(".waymark-locate");
  const button = form.querySelector("[data-waymark-locate]");
  const status = form.querySelector("[data-waymark-locate-status]");
  if (!box || !button || !("geolocation" in navigator)) continue;
  box.hidden = false;
  button.addEventListener("click", () => {
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.querySelector("[data-waymark-lat]").value =
          Math.round(position.coords.latitude * ROUND) / ROUND;
        form.querySelector("[data-waymark-lon]").value =
          Math.round(position.coords.longitude * ROUND) / ROUND;
        form.querySelector("#where").value = "";
        form.submit();
      },
      () => {
        status.textContent = "We could not get your location. Enter a postcode or town instead.";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 },
    );
  });
}
