// Submits the attack form as soon as the page loads: no click, as a real CSRF page does. The
// Attacks page that opened or framed this page hears when it leaves (postMessage, own origin).
const form = document.getElementById("attack");
const attacksPage = window.opener ?? (window.parent === window ? null : window.parent);
attacksPage?.postMessage({ submitting: form.dataset.marker }, location.origin);
form.submit();
