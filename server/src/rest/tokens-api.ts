/** `/v1/meeting-tokens`: create (sign) and validate meeting tokens. */
import { validation } from 'daily-node/protocol';
import { HttpError } from '../http/http-error';
import { readJson } from '../http/read-json';
import type { Router } from '../http/router';
import { TokenRejectedError, checkTokenProperties, type MeetingTokens } from '../tokens/meeting-token';
import { validated } from './rooms-api';

const { object, json } = validation;

export function addTokenRoutes(router: Router, tokens: MeetingTokens): void {
  router.add('POST', '/v1/meeting-tokens', async ({ req }) => {
    const raw = await readJson(req);
    const body = validated(() => object({ properties: json() })(raw, ''));
    const properties = validated(() => checkTokenProperties(body.properties, 'properties'));
    return { token: await tokens.sign(properties) };
  });

  router.add('GET', '/v1/meeting-tokens/:token', async ({ params }) => {
    try {
      return { ...(await tokens.verify(params.token!)) };
    } catch (e) {
      if (e instanceof TokenRejectedError) throw new HttpError(400, 'invalid-request-error', e.message, 'token');
      throw e;
    }
  });
}
