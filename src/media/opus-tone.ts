// The fake microphone's sound: one second of a 440 Hz tone as 50 Opus packets of 20 ms
// (RFC 6716), looped. 440 whole cycles fit the second, so the loop joins in phase. Made
// once with ffmpeg and libopus (test tools, never run here):
//   ffmpeg -f lavfi -i sine=frequency=440:sample_rate=48000:duration=1.5 -ac 1 \
//     -c:a libopus -b:a 32k -vbr off -frame_duration 20 -application audio tone.opus
// then packets 10 to 59 of tone.opus (past the encoder's start-up), each 80 bytes, mono
// wideband, SILK or CELT as libopus chose (TOC 0x4b, 0x48, 0xb8). A muted or disabled microphone sends Opus's 3-byte silence
// frame (TOC 0xf8, full-band CELT), the packet libopus writes for digital silence.

/** Samples per packet at 48 kHz (20 ms). */
export const TONE_PACKET_SAMPLES = 960;
const PACKET_BYTES = 80;
const TONE = Uint8Array.from(
  atob(
  'SwGYmTTm++BwWPmfcRnWEahFEeKYA//QUg5q+uaUM9ssNStnxJjZgd+5w/6IuCuurmEOm3uBBmOvtg98ZiQaCFTFRsU8zyw3' +
  'S1QNVqOqzbRImJk05uPopWtjmkurRxJNMW01CONw02qrJwT91wEfGqU+YyPpw1tPFD8AFuoSoFXKWlcR093c5UPLhW+NL5/g' +
  'lar0HAcZYtNTK1DrwaDtQEtBAZiapWhecJ6F49S2KjJH3loVqmwYUrqWWpFq8wDWN4RWBr6I0CWi75b5Hu6RBB6k++HknaDv' +
  '/GtZ90whk3xZtPHP0MXb4mKwIzcOYCgAS0EAmJ3U5uPopWtj5yj1UpsF0mSP79MYGOn8aEXPzZsqnFT5tZqe/zymcAlNZnqx' +
  'EnS7MMbreFl2shh1LbXB+g1DFPk+YJI9FmqjtjYENXRImJ3U5uPopX97xamVUZbExZQUTBDRl9hUnw2n4H/O0NeoXV/zdTPD' +
  '0GuuE8tGm2s1qCoryW7fPpyo4Pe94nSk914iC+BmtGv93v+aLylAQEtBA5id1Ob74HBvaeFd4wrycc/iTtmcyu09v3++PTpY' +
  'cbREbvjE6U5CZzDgpaBcp0/r0lB4JbNA85UFGW0iAtwvrW2q7jGlIjdbe/d4AAAAS0ECmJ3U5uPopUph8dTpGYok0SwMFlB8' +
  'WxEFPV9/CzB9IUm3CDz4oNijVQWpXtR8SCIUmJcpw/UdTpmMGnR/bz/IzHzyddL8mbpFNO8IAABImQxetNx4D6deqipOfWRu' +
  'uZ7miP2VVsuaIiOCo5UNcQrc2su0JvzyF9c+8g6C7TFHS1dBmwwvOjnjvQBlC6TinufHXUqd6qoxYoVZzl+g4bisffATrI27' +
  'GW5rQkgNuJXtzsajuGl3l6nCYaptM+vupAFf4NUy1lddkmwnuUyC3j9NwZnQHtmI2Sb6WHuNlvL47sGY60vTNfKeoqsHfE2u' +
  'uK/pUFUVxaLVftAU6yllnd6LshzUKpFIBs4Tr1UGNZPOeuSfXlOaKhjP+CMD6IfnGnOIU/E5JGfzKFScTeL0AW/LpWoBHV5A' +
  'SSERFIb9Da64rWkHNp8/b82XZcxofiV4rDTwsVH1KP0iOZZ/QfUNtUpyhKC/HWBe4TeRuFS47FPm+CvUvgH/VGa8rGdbvXbm' +
  'eyEchF0tJzimvpGnZWpDrrisqhAY1X0J0+aWI0pCpjo6hXAxfyeeCorzdiE3ALGGjvdFeg3rIfbj5jgNsnO1gvcnCI24Y5F8' +
  'fHGMwMW+YS35nEsp+4oo1p5C9kB4skmuuLBNzyoFCVZ6eDpWgm8NhKfk6B0X7lWR/Ho4DObKkVSo4aVqzMtxLzSfBSUWcFTv' +
  'CpDKb7fB4sL9eiWLyLy+57vNSAPX9ggqIzGM3MpH4664rW3BpymIs2ZA2Kl2z7nwEOi+ugtpBvHT2k6imiQu26XFzCODKBns' +
  'jbpu4R53QwvoE0QOB1N1OlMkfTw5v8rJiyfNKzs8p9TzH+isQr4Xrriv6nRPkWiMnmkBvjdkjQrGUf0+pxN9D84gobv0KWL8' +
  'u8wOdDp13bmcaJnY+vIh+AcBbH5kntJ7dAvTZS3i9AFvy6VqAR1eQEkgi6FOl62uuK1pBzafP2/Nl2XMaH4leKw08LFR9Sj9' +
  'IjmWf0H1DbVKcj+zPW9yI5t3sEmLKOr75vgr1L4B/1RmvKxnW7125nshHIRdLSc4pr0Rp0VuQa64rKoQGMlG0SMljLKWi1y1' +
  'DrXcPtXdL0bReL3Ov4sE1f3YDz1GY363kxf0JLGCvkD+5wiNvxPl/Hx2UDTFvmF8iZxLKfuP1NaePfZAeLJJrriwTc8qBDCS' +
  '/3GBiSph8efIezZW/S4vQCRJxJGpFGsPoKqCIKbvtudOw8AFdWm9MCYpCHV9srpuySzdT5LMbaHLxJ2z3pPHg2shjNzKR+Ou' +
  'uK1twaPcScmcitTD7RXdiVOExViBPkvHd8RgU5cYmtptqa0HM5SNlteTpu37+2Xq+gTeDnGpup0pkj6eHN/lZMWT5sCqhKfU' +
  '8x+IrEK+F664r+p0T5qxjK1V1aW4aobayOm/cnHeJAFwiFuopJT80LRjfN0Z4MkOSkVFBD68CH6VQTXNNJ7Se3MoU2Ut4vQB' +
  'ZNLlagEdXkBJJHuhTpetrritaQc2w1+LzGijNtrD3cf1XOI6+VQNAj2zJSsJRbyIF2S23FAqdHJVvck02WgB6fN8GJIlAP+q' +
  'M15WM63eu3M9kI5CLpeDOKbFEadFbkGuuKyqEBjVgCbxjzXqWymriSF3l8MbluTvOWlnC37lZqrf7anBuZMgYR7jKyPoeVry' +
  '9ycIjbrFwHx8cYwfxb5hLfp8Syn7iiiH9kH2QHiySa64sE3PKgQwkv9xgYkqYfHnyHs2Vv0uL0AkScSRqRRrD6Cqd/bJrni+' +
  'N2XEEEHhvTZiyQh1fbK6bsks3U+SzG2hy8Sds96Tx4NrMYzcykfjrritbcGj3EnJnIrUw+0V3YlThMVYgT5Lx3fEYFOXGJra' +
  'bamtBqGp6pbXs6bvR+tOUvoE3g5xqbqdKZI+nhzf5WTFk+bAqoSn1PMdiKxCvheuuK/qdE+RaTAGaWtE7cRF4AF58YMBdwpA' +
  '/a8fAzS9Igs5HhYVYd6EBVnTgSM+vAh+AcAUjoSe0ntzKFNlLeL1nMmXZWoBHV5ASSCLoU6Xra64rWkHh76/I8EpCAlGgeAA' +
  'B0adtWmD7kpyBIFU3QXb9cVTbGmjNVibf6XJNMr4AenzfBiSJQD/qjNeVjOt3rtzPZCOQi6XgzimPI+nRW5BrrisqhAY1X0J' +
  '0+aWI0pCpjo6hXAxfyeVwZZE+OAQA6c2lXjjdRQl5CYeBhr9tzpDMP7nCI26xdH8fHGMdcW+YS36fEsp+4oo1p5B9kB4skmu' +
  'uLBNzyoEHNkoJ9AgPQRsFL6JWPPoeDRiLCwHMzbdAVYuMmkvVgCMSsog5gGzTen+WghDq+2V03VlaHU+VIjbQ5eJO2e9JkyD' +
  'azXM3MpH4664rW3BpFOGSutpRwv0dyQ/cWHPFNVr5NooBeSD62BqcOXdHqXBYaQ0In9gmD/3QwvoE1lI0VN1OlMkfTw5v8rJ' +
  'iyfNKzs8p9TzIQisQr4Xrriv6nRPmrDl5FZJ5F2Q7HSgsL3iZ0i9xwyj7NayMUrtc4X8h+z5GvXe4z08vc+HSAcBJOBUntR7' +
  'dAvTZS3i9AFvy6VqAR1eQEkku6FOl62uuK1pBzbHQuOkGPHYw6tkTzh9m3/ILloPUiZBe4os82gAPxDFbrV+sCKQ97kaiJ02' +
  'ur5vgxJEoB/1RmvKxnWwjtzPZCP3m4M4pkSRp0VuQa64rKoQGMlG0SMljLKWi1y1DrXcPtXdL0bReL3Ov4sE1fkeprpmFWa/' +
  'gJy3vFFuazNC0wiPtY+XPHxxjB/FvmF8iZxLKfuP1NacPPZAeTJJrriwTc8qBQlWeng6VoJvDYSn5OgdF+5Vkfx6OAzmypFU' +
  'qOGlHmyxJRFd1VJVAmw48a5Qym+3weLC/Xoli8i8vue7zUgD1/YIKiMxjNzKR+OuuK1twaPcScmcitTD7RXdiVbcd1iBPkvH' +
  'd8RgU5o65r5tcnfTAExCMspZJV7V0w5C+gTeUkwpp5q1kj6eHN/lZMWT5vEhDKfU8x2IrEI+F664r+p0T5prQQIBGeCSr7c5' +
  'pyCggX5wRbeDnjHcg1WoiXEPf6Qt26eMTcJvC59FcOUA4AqVak9qPbmUKbKW8XrOZMulagEdXkBJYHuhTpetrritaQeHwNT3' +
  'l6zzwrfcMlIJTSdnqM+PSqRUbPSP2Y0tq8OpapM9w9HG5GJgM7x40fN8YA4pAP+qM15WM63eu3M9kI5CLpeDOKZEj6dGbkGu' +
  'uKyqEBjVfQnT5pYjSkKmOjqFcDF/J5XBlkT44BADpzYpwKzVkfpTyNTS3I/GxEt7QtcIjb8T93x8cYx1xb5hLfp8Syn7iijW' +
  'nED2QHiySa64sE3PKgUJ/s5pQkS22NqjLWSbQDxVmY3jFZhAWxdtBWptaMKGWwfRO8CUVqCS+i3dOGU32+DxYX69EsXkXl9z' +
  '3uakAev7YiojNYzcykfjrritbcGnKaetySkN9F9mXRulfUY0gEvWD7eqS2HYnlQqfZgxJ74oSeOSwCDO+a4GBvoE3g5xqaea' +
  'tZI+nhzf5WTFk+bxIQyn1PMvaKxCvheuuK/qdE+asYytVdWluGqG2sjpv3Jx3iQBcIhbqKSU/NC0Y3zlJr+/O82UXgc+itjt' +
  'AcA19LSe0nt0C9NlLeL0AWTS5WoBHV5ASaA7oU6Xra64rWkHNqLB/OV3YYc6UygYiDD1rb/iry57DEagM9BOsudioPca+85t' +
  'Fruc3ESseNHzWxiTAR7/qjNeVjOt3rtzPZCOQi6XgzimXJGnRW5BrrisqhAYyUmTsqq0IO4qEq1MYG0JAJ8p1gIMvfTrTpIC' +
  'BfoRPDcXQDOqplkFfQ9yuhadYRoHWLgIEkJCGmLXMJb8ziWU4B0UQ/ouWyA8WQmuuLBNzyoFCf7OaUJEttjaoy1km0A8VZmN' +
  '4xWYQFsXbQVqbWjCJCzMqbOBdOxIVdFN3ThlN9vg8WF+vRLF5F5fc97mpAHr+2IqI7GM3MpH4664rW3BpymnrckpDfRfZl0b' +
  'pX1GNIBL1g+3qkth2J5UKn9uyEgzZPmYlvkgcwbZm976BN4OcamnmrWSPp4c3+VkxZPm8SEMp9TzLOisQr4Xrriv6nRPmmtB' +
  'AgEZ4JKvtzmnIKCBfnBFt4OeMdyDVaiJcQ9/pC3bp4yNK+HLpaKsdoDgCpVqT2k9ugXpspbxes5ky6VqAR1eQElge6FOl62u' +
  'uK1pBzaiwfzld2GHOlMoGIgw9a2/4q8uewxGoDPQTrLnYqcGv0PKbRmrnNwQLHjR81sYkiUe/6ozXlYzrd67cz2QjkIul4M4' +
  'plyRp0VuQa64rKoQGMlJk7KqtCDuKhKtTGBtCQCfKdYCDL30606SAgjCrkRXRymb7rAQYn42cqk5eGEZKSNYyBJCQg/i3zCW' +
  '/M4llOAdFEP6LrsgPFkJrriwTc8qBDCS/3GBiSph8efIezZW/S4vQCRJxJGpFGd8N+qArCKvIWxeGBllpz2vFEvhCHV9srpu' +
  '32PdT5LMbaHLxJ2z3pPHg2uxjNzKR+OuuK1twacpp63JKQ30X2ZdG6V9RjSAS9YPt6pLYdieVCp9mDiT2YT5mJV8yR81UEUq' +
  'zgo+Ukwpp5q1kj6eHN/lZMWT5vEhDKfU8izorEK+F664r+p0T5prQQIBGeCSr7c5pyCggX5wRbeDnjHcg1WoiXEPf6Qt26eM' +
  'gqzBzCWirHaA4Jr6Wk9pPboF6bKW8XrOZMulagEdXkBJcDuhTpetrg==',
  ),
  (c) => c.charCodeAt(0),
);

/** The 50 packets of the tone loop, in order. */
export const TONE_PACKETS: readonly Uint8Array[] = Array.from(
  { length: TONE.length / PACKET_BYTES },
  (_, i) => TONE.subarray(i * PACKET_BYTES, (i + 1) * PACKET_BYTES),
);

/** One 20 ms packet of silence (mono, CELT full band). */
export const SILENCE_PACKET: Uint8Array = Uint8Array.of(0xf8, 0xff, 0xfe);

/**
 * The tone's level as RFC 6464 §3 writes it (-dBov, 0..127): ffmpeg's sine source has peak
 * amplitude 1/8, so an RMS of 1/(8·√2) of full scale, 21 dB below overload.
 */
export const TONE_LEVEL_DBOV = Math.round(-20 * Math.log10(1 / (8 * Math.SQRT2)));

/** RFC 6464 §3: 127 -dBov is the level of digital silence. */
export const SILENCE_LEVEL_DBOV = 127;
