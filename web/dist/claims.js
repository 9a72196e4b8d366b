// The claims view: filled when the server offers /api/check (the claims checker).
export async function showClaims() {}
