import { Fragment } from "react";

/** An IANA zone name that may wrap after each "/" (America/Argentina/Buenos_Aires). */
export function ZoneName({ zone }: { zone: string }) {
  const parts = zone.split("/");
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <>
              /<wbr />
            </>
          )}
          {p}
        </Fragment>
      ))}
    </>
  );
}
