// base64url <-> text, UTF-8 safe. Used for JWT segments and for the matrix run state
// carried in the URL fragment (fragments never reach a server, so the state stays in the tab).

export function encodeBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeBase64Url(encoded) {
  const base64 = encoded.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function encodeJson(value) {
  return encodeBase64Url(JSON.stringify(value));
}

export function decodeJson(encoded) {
  return JSON.parse(decodeBase64Url(encoded));
}
