import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { engines } from '../test-support/engines.js'
import { MEMBERS, openTestShop, type TestShop } from './test-support.js'

for (const engine of engines) {
  describe(`wallet pages (${engine.name})`, { skip: engine.skip }, () => {
    let shop: TestShop
    const wallet = async (member: string, lang: string) =>
      shop.app.inject({
        url: `/w/${await shop.walletToken(member)}`,
        headers: { 'accept-language': lang },
      })

    before(async () => {
      shop = await openTestShop(engine)
    })
    after(() => shop.close())

    // The coupons are valid 14 days from 2026-05-01 09:00 UTC: until 18:00 in Seoul, 10:00 in London.
    it("shows expiry on the owner's clock: their timezone trait, else the shop's, named", async () => {
      await shop.issue('lee')
      const lee = await wallet('lee', 'en-US')
      assert.match(lee.body, /Valid until May 15, 2026\D+10:00\sAM</, 'London time, no zone to puzzle over')
      assert.doesNotMatch(lee.body, /UTC|GMT/)
      await shop.issue('mina')
      const mina = await wallet('mina', 'en-US')
      assert.match(mina.body, /Valid until May 15, 2026\D+6:00\sPM GMT\+9</, "the shop's zone, named")
      assert.doesNotMatch(mina.body, /UTC/)
    })

    it("speaks the profile's language, whatever the browser asks for", async () => {
      await shop.issue('sora')
      const sora = await wallet('sora', 'en-US,en;q=0.9')
      assert.match(sora.body, /<html lang="ko">/)
      assert.match(sora.body, /<h1>내 쿠폰함<\/h1>/)
      assert.match(sora.body, /2026년 5월 15일 18:00 GMT\+9까지 사용 가능/)
      const lee = await wallet('lee', 'ko-KR,ko;q=0.9')
      assert.match(lee.body, /<html lang="en">/)
      // Without a locale trait the browser decides.
      const mina = await wallet('mina', 'ko-KR')
      assert.match(mina.body, /<html lang="ko">/)
    })

    it('a gift message with a NUL is refused next to the form, naming the field, and nothing is gifted', async () => {
      const coupon = await shop.issue('joon')
      const token = await shop.walletToken('joon')
      const res = await shop.app.inject({
        method: 'POST',
        url: `/w/${token}/coupons/${coupon.id}/gift`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
        payload: new URLSearchParams({ contact: MEMBERS.hana.email, message: 'Hi\u0000there' }).toString(),
      })
      assert.equal(res.statusCode, 400)
      assert.match(
        res.body,
        /<div class="error" role="alert">Message holds a character that cannot be stored/,
      )
      assert.match(res.body, />Hithere<\/textarea>/, 'the message as typed, without the NUL')
      assert.equal((await shop.reel.coupons.getCoupon(coupon.id))?.state, 'issued')
    })
  })
}
