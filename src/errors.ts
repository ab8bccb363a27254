/**
 * Errors that cross the HTTP boundary. Each subclass fixes the HTTP status and the contract's error code, and
 * says whether retrying the same request could succeed (modelled on openai-node's `src/core/error.ts`).
 * `app.onError` renders any of them as `{ error: { code, message, details? } }`; anything else becomes a plain 500.
 *
 * @example
 * const details = [{ path: ["articles", 2, "id"], message: "duplicate id" }];
 * throw new InvalidRequestError("articles[2].id is used twice", details);
 */
export abstract class WirebriefError extends Error {
  abstract readonly status: 400 | 401 | 404 | 413 | 429 | 500 | 502 | 503 | 504;
  abstract readonly code: string;
  readonly isRetryable: boolean = false;
  readonly details?: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    if (details !== undefined) this.details = details;
  }

  toJSON(): { error: { code: string; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** One problem with a request, located by its path in the JSON body. */
export interface Issue {
  path: (string | number)[];
  message: string;
}

export class InvalidRequestError extends WirebriefError {
  readonly status = 400;
  readonly code = "invalid_request";
  constructor(message: string, details?: Issue[]) {
    super(message, details);
  }
}

export class UnauthorizedError extends WirebriefError {
  readonly status = 401;
  readonly code = "unauthorized";
}

export class NotFoundError extends WirebriefError {
  readonly status = 404;
  readonly code = "not_found";
}

export class PayloadTooLargeError extends WirebriefError {
  readonly status = 413;
  readonly code = "payload_too_large";
}

export class RateLimitedError extends WirebriefError {
  readonly status = 429;
  readonly code = "rate_limited";
  override readonly isRetryable = true;
}

/** The LLM failed, or kept answering badly after retries. */
export class LlmError extends WirebriefError {
  readonly status = 502;
  readonly code = "llm_error";
  override readonly isRetryable: boolean;
  constructor(message: string, options: { retryable?: boolean; details?: unknown } = {}) {
    super(message, options.details);
    this.isRetryable = options.retryable ?? false;
  }
}

/** The LLM did not answer within the request's deadline. */
export class LlmTimeoutError extends WirebriefError {
  readonly status = 504;
  readonly code = "llm_timeout";
  override readonly isRetryable = true;
}

/** A part the request needs is not set up (e.g. the digest's D1 binding); retrying helps once it is. */
export class ServiceUnavailableError extends WirebriefError {
  readonly status = 503;
  readonly code = "unavailable";
}

export class InternalError extends WirebriefError {
  readonly status = 500;
  readonly code = "internal";
}
