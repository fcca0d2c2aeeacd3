describe('runtime', () => {
  it('runs the tests on Node 24, the runtime action.yml declares', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
});
