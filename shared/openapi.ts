import { z } from "zod";
import { merchantOperations, type MerchantOperation } from "./merchant-contract.ts";

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** Builds the OpenAPI 3.1 document of the merchant contract from its zod schemas. */
export function buildMerchantOpenApi(version: string): Record<string, unknown> {
  // Every schema registered with an id (`.meta({ id })`) becomes a named component.
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: "draft-2020-12",
    io: "input",
    uri: componentRef,
    unrepresentable: "throw",
  });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.id;
    delete schema.$id;
  }
  const schemaOf = (schema: z.ZodType) => {
    const id = z.globalRegistry.get(schema)?.id;
    if (!id) throw new Error("every schema in a merchant operation needs .meta({ id })");
    return { $ref: componentRef(id) };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of merchantOperations as readonly MerchantOperation[]) {
    const parameters = [
      ...Object.entries(op.pathParams ?? {}).map(([name, schema]) => ({
        name,
        in: "path",
        required: true,
        schema: schemaOf(schema),
      })),
      ...Object.entries(op.headerParams ?? {}).map(([name, schema]) => ({
        name,
        in: "header",
        required: !schema.safeParse(undefined).success,
        schema: schemaOf(schema),
      })),
      ...Object.entries(op.queryParams ?? {}).map(([name, schema]) => ({
        name,
        in: "query",
        required: !schema.safeParse(undefined).success,
        schema: schemaOf(schema),
      })),
    ];
    const responses = Object.fromEntries(
      op.responses.map((answer) => [
        String(answer.status),
        {
          description: answer.description,
          ...(answer.body ? { content: { "application/json": { schema: schemaOf(answer.body) } } } : {}),
        },
      ]),
    );
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(op.requestBody
        ? {
            requestBody: {
              required: !op.requestBody.safeParse(undefined).success,
              // An optional body (`.optional()`) is documented as its inner schema, not required.
              content: {
                "application/json": {
                  schema: schemaOf(
                    op.requestBody instanceof z.ZodOptional ? (op.requestBody.unwrap() as z.ZodType) : op.requestBody,
                  ),
                },
              },
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "LINE membership: merchant contract",
      version,
      description:
        "The HTTP API a merchant implements so the LINE membership BFF can serve its members. " +
        "Every request carries `Authorization: Bearer <merchant API key>`; every error answer is an ErrorBody.",
    },
    security: [{ merchantApiKey: [] }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { merchantApiKey: { type: "http", scheme: "bearer" } },
    },
  };
}
