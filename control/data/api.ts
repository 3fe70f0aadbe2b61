import { SloganListSchema, type Slogan } from '../../server/protocol/api.js';
import { request } from './http.js';

export { ApiError } from './http.js';

export async function fetchSlogans(): Promise<Slogan[]> {
  return (await request('GET', '/api/slogans', SloganListSchema)).slogans;
}
