/* SPDX-License-Identifier: MIT */
/* xoshiro.c: splitmix64 and the xoshiro256** jump (xoshiro.h). */
#include "core/xoshiro.h"

uint64_t ash_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void ash_xoshiro_jump(ash_xoshiro *r)
{
	static const uint64_t jump[4] = {
		0x180ec6d33cfd0abaull, 0xd5a61266f0c9392cull,
		0xa9582618e03fc9aaull, 0x39abdc4529b1661cull};
	uint64_t t[4] = {0, 0, 0, 0};
	for (int i = 0; i < 4; i++) {
		for (int b = 0; b < 64; b++) {
			if (jump[i] & ((uint64_t)1 << b)) {
				for (int j = 0; j < 4; j++)
					t[j] ^= r->s[j];
			}
			(void)ash_xoshiro_next(r);
		}
	}
	for (int j = 0; j < 4; j++)
		r->s[j] = t[j];
}
