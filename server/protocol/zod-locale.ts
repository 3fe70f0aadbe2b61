// Zod's own messages (a wrong type, a missing field, a number too large) in Vietnamese, like every
// message Pano writes itself: imported for its effect by the server and the CLI before any parsing.
import { z } from 'zod';

z.config(z.locales.vi());
