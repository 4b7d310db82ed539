import { originAllowed } from './origin-check';

const RESOURCE = 'https://andon.plant.example/mcp';

describe('originAllowed (DNS-rebinding defence)', () => {
  it('lets requests without an Origin header through: desktop clients and agents are not browsers', () => {
    expect(originAllowed(undefined, [], RESOURCE)).toBe(true);
  });

  it("accepts the server's own origin and configured ones, case-insensitively", () => {
    expect(originAllowed('https://andon.plant.example', [], RESOURCE)).toBe(true);
    expect(originAllowed('https://Console.Plant.Example', ['https://console.plant.example'], RESOURCE)).toBe(
      true,
    );
  });

  it('refuses any other origin, a rebinding page on localhost and the opaque "null" origin', () => {
    expect(originAllowed('http://evil.example', ['https://console.plant.example'], RESOURCE)).toBe(false);
    expect(originAllowed('http://localhost:8080', [], RESOURCE)).toBe(false);
    expect(originAllowed('null', [], RESOURCE)).toBe(false);
  });
});
