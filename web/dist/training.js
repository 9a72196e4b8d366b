// The training-run view: filled when the server offers /api/train (the reliability simulator).
export async function showTraining() {}
