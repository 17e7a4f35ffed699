import { render, screen } from "@testing-library/react";
import * as compat from "preact/compat";
import * as React from "react";
import { describe, expect, it } from "vitest";

// The app ships on Preact (liff-app/build/preact-aliases.ts); its tests must render on the same.
describe("the runtime the tests render with", () => {
  it("is Preact's React-compatible layer, as in the build", () => {
    expect(React.useState).toBe(compat.useState);
    render(<p>今日のおすすめ</p>);
    expect(screen.getByText("今日のおすすめ")).toHaveProperty("tagName", "P");
  });
});
